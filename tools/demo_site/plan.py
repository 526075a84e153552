"""Where the demo site's planted problems go. build.py builds the site from these tables and
derives planted.json from the built pages, so the two cannot drift apart.

Page keys are site paths of articles ("/faq/<section>/<slug>.html").
"""


def faq(section: str, slug: str) -> str:
    """The site path of an article."""
    return f"/faq/{section}/{slug}.html"


SEED = "harbourline-2026"

# --- on-page problems (issue 2) -------------------------------------------------------------

# path -> (h1, planted as a title/H1 mismatch?)
H1_OVERRIDES = {
    faq("fba", "fba-receiving-times"): ("How Long Does Amazon FBA Receiving Take?", True),
    faq("customs", "eori-switzerland"): ("Do I Need an EORI Number to Ship to Switzerland?", True),
    faq("cod", "cod-tracking-code"): ("Can I Track a COD Parcel Without a Code?", True),
    # Same title on two pages, but each H1 says what the page covers.
    faq("warehouse", "pallet-shipping-faq-sizes"): (
        "Pallet Shipping FAQ: Sizes and Weights",
        False,
    ),
    faq("delivery", "pallet-delivery-booking"): (
        "Pallet Shipping FAQ: Booking a Collection",
        False,
    ),
    faq("sea", "customs-clearance-at-port"): (
        "How Long Does Customs Clearance Take at the Port?",
        False,
    ),
}
TITLE_MISSING = faq("returns", "returns-reporting")
TITLE_EMPTY = faq("warehouse", "inventory-counts")
META_DESCRIPTION_MISSING = [
    faq("sea", "demurrage-and-detention"),
    faq("delivery", "parcel-lockers"),
]
H1_MISSING = faq("customs", "anti-dumping-duties")
H1_MULTIPLE = faq("returns", "refurbish-and-resell")
NOINDEX_META = faq("cod", "cod-card-payment")
NOINDEX_HEADER = faq("warehouse", "warehouse-insurance")
NOINDEX_RELATED_FROM = [
    faq("cod", "cod-fees"),
    faq("cod", "cod-countries"),
    faq("cod", "cod-limits"),
]
ORPHAN = faq("customs", "ioss-for-small-parcels")
IMAGES_WITHOUT_ALT = [
    faq("sea", "container-sizes-explained"),
    faq("fba", "polybagging-and-suffocation-warnings"),
    faq("warehouse", "receiving-inbound-containers"),
]
LEGACY_ENCODING = faq("customs", "china-export-declaration")
CALENDAR_TRAP = "/events/calendar"
CALENDAR_LINK = "/events/calendar?month=2026-01"
# The trap is static: one file per month, served for ?month=YYYY-MM by a _redirects rewrite.
# Six years either side of the linked month: a crawl stops after max_query_variants (50)
# months, in both directions together, long before it reaches the edge.
CALENDAR_PAGES = "/events/months/"
CALENDAR_FIRST, CALENDAR_MONTHS = "2020-01", 144

# --- links that fail or detour (issue 2) ----------------------------------------------------

# (linking page, target, link text); the targets do not exist
MISSING_RELATED = [
    (
        faq("sea", "port-congestion-delays"),
        faq("sea", "reefer-containers-explained"),
        "Reefer Containers Explained",
    ),
    (
        faq("customs", "ukca-ce-marking"),
        faq("customs", "ukca-marking-deadline"),
        "When Does the UKCA Deadline Apply?",
    ),
    (
        faq("fba", "fnsku-vs-upc"),
        faq("fba", "fba-small-and-light"),
        "Is the Small and Light Programme Worth It?",
    ),
    (
        faq("returns", "how-returns-work"),
        faq("returns", "returnless-refunds"),
        "What Are Returnless Refunds?",
    ),
    (
        faq("delivery", "saturday-delivery"),
        faq("delivery", "same-day-delivery-london"),
        "Do You Offer Same-Day Delivery in London?",
    ),
]
# path -> status; served with that status (the 410 one has a file, the 500 one has none)
STATUS_PAGES = {
    faq("cod", "cod-rates-2023"): 410,
    faq("delivery", "live-tracking-map"): 500,
}
STATUS_RELATED = [
    (faq("cod", "cod-remittance-times"), faq("cod", "cod-rates-2023"), "COD Rates for 2023"),
    (
        faq("delivery", "tracking-statuses-explained"),
        faq("delivery", "live-tracking-map"),
        "Follow Your Parcel on the Live Map",
    ),
]
# (from, to, status)
REDIRECTS = [
    (faq("sea", "lcl-vs-fcl"), faq("sea", "lcl-or-fcl-which-to-choose"), 301),
    (faq("fba", "fba-labels"), faq("fba", "fba-carton-labels"), 301),
    (faq("returns", "prepaid-return-labels"), faq("returns", "return-labels"), 301),
    # a chain of three hops
    ("/help/import-duty.html", faq("customs", "duty-calculator"), 301),
    (faq("customs", "duty-calculator"), faq("customs", "import-duty-guide"), 302),
    (faq("customs", "import-duty-guide"), faq("customs", "how-import-duty-is-calculated"), 301),
    # a loop of two
    (faq("warehouse", "storage-fees-2025"), faq("warehouse", "storage-fee-table"), 301),
    (faq("warehouse", "storage-fee-table"), faq("warehouse", "storage-fees-2025"), 302),
]
REDIRECTED_RELATED = [
    (faq("sea", "pallets-vs-floor-loading"), faq("sea", "lcl-vs-fcl"), "LCL or FCL?"),
    (
        faq("returns", "return-time-limits"),
        faq("returns", "prepaid-return-labels"),
        "Prepaid Return Labels",
    ),
]
INTERNAL_PAGES = {
    "/internal/rate-card-2026.html": "Rate Card 2026 (Internal)",
    "/internal/cod-partner-terms.html": "Partner Terms for Collections (Internal)",
}

# --- content consistency (issue 4) ----------------------------------------------------------

PREFERRED = {"K": "Kapai", "H": "HaiKa", "P": "Haipai"}
VARIANTS = {
    "Kapai": ["Ka Pai", "Ka-Pai", "KerPai", "Kaipai"],
    "HaiKa": ["Hai Ka", "Hai-Ka"],
    "Haipai": ["Hai Pai", "Hai-Pai"],
}
LOOKALIKES = ["Cape Town", "Kapton tape", "UPS", "Haiku", "Cape"]

# Spelling per page: token -> forms used in turn for each occurrence (default: preferred).
SPELLINGS = {
    faq("services", "kapai-appointment-booking"): {"K": ["Ka-Pai", "Kapai", "Kapai"]},
    faq("services", "kapai-pallet-requirements"): {"K": ["Kapai", "KerPai", "Kapai"]},
    faq("services", "kapai-vs-parcel-delivery"): {"K": ["Kapai", "Kaipai"]},
    faq("services", "haika-transit-times"): {"H": ["Hai Ka", "HaiKa", "HaiKa"]},
    faq("services", "haika-customs-clearance"): {"H": ["HaiKa", "Hai-Ka", "HaiKa"]},
    faq("services", "haipai-ups-final-delivery"): {"P": ["Haipai", "Hai Pai", "Haipai"]},
    faq("services", "haipai-small-shipments"): {"P": ["Hai-Pai", "Haipai", "Haipai"]},
    faq("services", "choosing-between-services"): {
        "K": ["Ka Pai", "Kapai", "Kapai"],
        "P": ["Hai Pai", "Haipai", "Haipai"],
    },
    faq("services", "service-comparison-table"): {
        "K": ["Ka-Pai", "Kapai"],
        "P": ["Hai-Pai", "Haipai"],
        "H": ["HaiKa", "Hai Ka", "HaiKa"],
    },
    faq("services", "kapai-haika-insurance"): {
        "K": ["Kapai", "Ka Pai", "Kapai"],
        "H": ["HaiKa", "HaiKa", "Hai-Ka"],
    },
    faq("services", "haipai-rates"): {"K": ["KerPai", "Kapai", "Kaipai"]},
    faq("fba", "fba-shipment-splits"): {"K": ["Kapai", "Kaipai"]},
    faq("sea", "pallets-vs-floor-loading"): {"H": ["Hai-Ka"]},
}
# Which banks each service page draws on (K, H, P, M = mixed).
SERVICE_BANKS = {
    "what-is-kapai": "K",
    "kapai-appointment-booking": "K",
    "kapai-pallet-requirements": "K",
    "kapai-vs-parcel-delivery": "KP",
    "what-is-haika": "HM",
    "haika-transit-times": "H",
    "haika-customs-clearance": "H",
    "what-is-haipai": "PM",
    "haipai-ups-final-delivery": "P",
    "haipai-small-shipments": "P",
    "choosing-between-services": "KHPM",
    "service-comparison-table": "KHPM",
    "kapai-haika-insurance": "KH",
    "haipai-rates": "PK",
}
TITLE_NEAR_DUPLICATES = [
    (faq("services", "choosing-between-services"), faq("services", "service-comparison-table")),
]
# (original, copy): the copy repeats the article text under another URL
EXACT_DUPLICATES = [
    (faq("returns", "returning-goods-to-china"), faq("warehouse", "send-returns-back-to-china")),
    (faq("customs", "what-is-an-eori-number"), faq("customs", "eori-number-explained")),
]
# (original, copy, approximate similarity, sentences of the copy replaced)
NEAR_DUPLICATES = [
    (
        faq("sea", "sea-freight-transit-times-to-europe"),
        faq("sea", "sea-freight-transit-times-to-the-uk"),
        0.95,
        1,
    ),
    (faq("fba", "fba-carton-weight-limits"), faq("fba", "oversized-cartons"), 0.9, 2),
    (faq("cod", "how-cod-works"), faq("cod", "cod-explained-for-sellers"), 0.8, 4),
]
THIN = {
    faq("delivery", "delivery-to-po-boxes"): "If your buyer only gives a PO box, choose the "
    "postal option at checkout.",
    faq("returns", "return-address-changes"): "Changes apply to labels printed after you save.",
}

# --- the page in a legacy encoding ----------------------------------------------------------

GBK_PAGE = {
    "title": "中国出口报关需要哪些文件？",
    "description": "从中国出口货物时，报关需要准备的文件和常见问题。",
    "blocks": [
        (
            "p",
            "从中国发货到海外，每一票货物都要先办理出口报关。资料不齐全时，货物可能在港口"
            "滞留，并产生额外的堆存费用。",
        ),
        ("h2", "需要准备的文件"),
        ("ul", ["商业发票", "装箱单", "报关委托书", "产品的品名、材质、用途和申报价值"]),
        ("p", "部分商品还需要商检证明或出口许可证。请在订舱前与我们的客服确认。"),
        ("h2", "常见问题"),
        (
            "p",
            "申报品名和海关编码必须与实际货物一致。低报货值或错报品名，不仅会引起查验，"
            "还可能影响出口退税。",
        ),
        (
            "p",
            "我们的报关团队会在装柜前核对全部资料，放行后通过邮件通知您。如有疑问，请联系"
            "您的客户经理。",
        ),
    ],
}
