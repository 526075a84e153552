"""Sections and article list of the demo site (a fictional logistics help centre).

Each article is (slug, title, lead). The lead is the article's own opening; the rest of the
text is assembled by build.py from the sentence banks in bank_*.py. Titles double as H1s
unless build.py plants a disagreement.
"""

SITE_NAME = "Harbourline Freight"

# key, menu label, hub title, hub intro
SECTIONS = [
    (
        "sea",
        "Sea Freight",
        "Sea Freight Questions",
        "Shared and full containers from Chinese ports to Europe, North America and Oceania.",
    ),
    (
        "services",
        "Shipping Services",
        "Kapai, HaiKa and Haipai Services",
        "Our three combined services for sellers who ship to Amazon and other marketplace "
        "warehouses: truck delivery, sea freight with trucking, and sea freight with parcel "
        "delivery.",
    ),
    (
        "fba",
        "FBA Prep",
        "Amazon FBA Prep Questions",
        "Labelling, bagging, bundling and carton rules for stock heading into Amazon fulfilment.",
    ),
    (
        "customs",
        "Customs & Duties",
        "Customs and Duties Questions",
        "Codes, invoices, duties and what to expect when officers take a closer look.",
    ),
    (
        "delivery",
        "Last Mile & Tracking",
        "Last-Mile Delivery and Tracking Questions",
        "Following a parcel, failed attempts, surcharges and the carriers who knock on the door.",
    ),
    (
        "warehouse",
        "Overseas Warehouses",
        "Overseas Warehouse Questions",
        "Storing stock close to your buyers: receiving, fees, counts and dispatch.",
    ),
    (
        "returns",
        "Returns",
        "Returns Questions",
        "What happens when a buyer sends something back, and what it costs you.",
    ),
    (
        "cod",
        "Cash on Delivery",
        "Cash on Delivery Questions",
        "Collecting payment at the door: countries, fees, payouts and refused parcels.",
    ),
]

ARTICLES = {
    "sea": [
        (
            "lcl-or-fcl-which-to-choose",
            "LCL or FCL: Which Should I Choose?",
            "Sharing a container or booking one for yourself is mostly a question of volume, but "
            "timing and how your goods are handled matter as well.",
        ),
        (
            "sea-freight-transit-times-to-europe",
            "How Long Does Sea Freight to Europe Take?",
            "A container from southern China to a North Sea port usually spends four to six weeks "
            "on the water, and the days either side of the voyage add more.",
        ),
        (
            "sea-freight-transit-times-to-the-uk",
            "How Long Does Sea Freight to the UK Take?",
            "A container from southern China to Felixstowe or Southampton usually spends five to "
            "six "
            "weeks on the water, and the days either side of the voyage add more.",
        ),
        (
            "container-sizes-explained",
            "20ft, 40ft and 40ft High Cube Containers Compared",
            "Picking the right box saves money only if your cartons actually fill it, so it helps "
            "to know the inside measurements rather than the names.",
        ),
        (
            "shipping-to-cape-town",
            "Shipping from China to Cape Town: What to Expect",
            "Cargo for Cape Town usually moves on direct services from Shanghai or Ningbo, or is "
            "relayed through Singapore when direct space is short.",
        ),
        (
            "bill-of-lading-types",
            "Original, Telex or Sea Waybill: Which Bill of Lading Do I Need?",
            "The bill of lading decides who may collect your cargo at destination, and the wrong "
            "type "
            "can leave a container waiting at the port while paperwork travels by courier.",
        ),
        (
            "peak-season-surcharges",
            "Why Do Ocean Rates Rise Before Peak Season?",
            "From late summer, carriers add surcharges as retailers rush stock in for the winter "
            "holidays, and space on popular sailings runs out.",
        ),
        (
            "cargo-insurance-for-sea-shipments",
            "Do I Need Cargo Insurance for Sea Shipments?",
            "Carriers pay very little when cargo is lost or damaged at sea, which is why most "
            "importers buy cover for the full invoice value.",
        ),
        (
            "dangerous-goods-by-sea",
            "Can I Ship Lithium Batteries by Sea?",
            "Batteries can travel by sea, but they are regulated as dangerous goods and need the "
            "right classification, packing and paperwork before a carrier accepts them.",
        ),
        (
            "port-congestion-delays",
            "What Happens When a Port Is Congested?",
            "When vessels queue outside a port, every step after arrival slows down too, from "
            "unloading to trucking your container away.",
        ),
        (
            "incoterms-fob-exw-ddp",
            "FOB, EXW or DDP: Which Incoterm Suits Me?",
            "An Incoterm splits the costs and risks of a shipment between buyer and seller, and it "
            "quietly decides who has to deal with export customs.",
        ),
        (
            "pallets-vs-floor-loading",
            "Should I Palletise My Sea Freight or Floor-Load It?",
            "Floor-loaded cartons fit more goods into a container, while pallets make unloading "
            "faster and safer at the other end.",
        ),
        (
            "demurrage-and-detention",
            "What Are Demurrage and Detention Charges?",
            "Both are daily charges for keeping a carrier's container too long, one inside the "
            "terminal and one outside it.",
        ),
        (
            "customs-clearance-at-port",
            "How Long Does Customs Clearance Take?",
            "Once a vessel berths, your container cannot leave the terminal until import customs "
            "has released it, and that step has its own timetable.",
        ),
    ],
    "services": [
        (
            "what-is-kapai",
            "What Is Kapai Truck Delivery?",
            "{K} is our name for delivering full pallets by truck straight to an Amazon fulfilment "
            "centre, instead of sending the same goods as loose parcels.",
        ),
        (
            "kapai-appointment-booking",
            "How Do Ka-Pai Delivery Appointments Work?",
            "Every {K} delivery into an Amazon building needs a booked unloading slot, and the "
            "truck "
            "is turned away if it arrives without one.",
        ),
        (
            "kapai-pallet-requirements",
            "Kapai Pallet Requirements for Amazon Warehouses",
            "Pallets that arrive in the wrong size or stacked too high are refused at the dock, so "
            "{K} loads are built to Amazon's pallet rules from the start.",
        ),
        (
            "kapai-vs-parcel-delivery",
            "Kapai or Parcel Delivery: Which Is Cheaper?",
            "Below a certain number of cartons, parcel delivery wins; above it, {K} is nearly "
            "always cheaper per kilogram.",
        ),
        (
            "what-is-haika",
            "What Is HaiKa Shipping?",
            "{H} combines sea freight with truck delivery, so a shipment goes by container to the "
            "destination port and then by truck to the warehouse on one booking.",
        ),
        (
            "haika-transit-times",
            "How Long Does Hai Ka Take to the US West Coast?",
            "From Shenzhen to a fulfilment centre in California, {H} usually takes between "
            "twenty-five and thirty-five days door to door.",
        ),
        (
            "haika-customs-clearance",
            "Does HaiKa Include Customs Clearance?",
            "Yes: import clearance is part of every {H} booking, though duties and taxes are "
            "billed separately at cost.",
        ),
        (
            "what-is-haipai",
            "What Is Haipai Shipping?",
            "{P} sends your goods by sea to the destination country and then hands each carton to "
            "a "
            "parcel carrier for the final delivery.",
        ),
        (
            "haipai-ups-final-delivery",
            "Who Delivers the Last Leg of a Haipai Shipment?",
            "After customs release, {P} cartons are labelled in our destination hub and collected "
            "by "
            "UPS or a national postal carrier.",
        ),
        (
            "haipai-small-shipments",
            "Is Hai-Pai Worth It for Small Shipments?",
            "{P} starts to pay off at around ten cartons; below that, express air is often simpler "
            "and not much dearer.",
        ),
        (
            "choosing-between-services",
            "HaiKa, Hai Pai, and Ka Pai: Which Service Fits Your Shipment?",
            "{H}, {P}, and {K} are three different services, not three spellings of one, and each "
            "suits a different kind of shipment.",
        ),
        (
            "service-comparison-table",
            "HaiKa Hai-Pai and Ka-Pai: Which Service Fits Your Shipment",
            "Here the three services sit side by side in a table, so you can compare price, speed "
            "and the paperwork each one needs.",
        ),
        (
            "kapai-haika-insurance",
            "Are Kapai and HaiKa Shipments Insured?",
            "Basic carrier liability applies to every {K} and {H} shipment, but it covers far less "
            "than the value of most loads.",
        ),
        (
            "haipai-rates",
            "How Are Haipai Rates Calculated?",
            "A {P} quote has two parts: the sea leg priced by volume and the parcel leg priced by "
            "the weight and size of each carton.",
        ),
    ],
    "fba": [
        (
            "fba-carton-labels",
            "How Do I Label Cartons for Amazon FBA?",
            "Each carton sent to Amazon needs its own shipment label, and the label has to sit "
            "where "
            "a scanner on the receiving line can read it.",
        ),
        (
            "fnsku-vs-upc",
            "FNSKU or Manufacturer Barcode: Which One Should I Use?",
            "Amazon identifies your units either by their original barcode or by an FNSKU it "
            "issues, "
            "and the choice affects whether your stock is mixed with other sellers' stock.",
        ),
        (
            "fba-prep-service-what-we-do",
            "What Does Your FBA Prep Service Include?",
            "Our prep team receives your goods, checks them against your purchase order and makes "
            "them ready for Amazon's receiving rules.",
        ),
        (
            "polybagging-and-suffocation-warnings",
            "When Do Products Need Polybagging?",
            "Soft goods, loose items and anything that could shed dust or fibres usually need a "
            "sealed transparent bag before Amazon accepts them.",
        ),
        (
            "fba-carton-weight-limits",
            "What Are Amazon's Carton Size and Weight Limits?",
            "Amazon caps the weight and length of a standard carton, and oversize boxes are either "
            "refused or charged extra at the receiving dock.",
        ),
        (
            "fba-receiving-times",
            "How Long Does Walmart Inbound Receiving Take?",
            "Delivery to the fulfilment centre is not the finish line: stock only becomes sellable "
            "once the centre has scanned it in.",
        ),
        (
            "bundling-multipacks",
            "How Do You Prepare Bundles and Multipacks?",
            "A bundle must arrive as one sealed unit with one barcode, or the receiving team will "
            "split it into single items.",
        ),
        (
            "fba-inventory-limits",
            "What If My FBA Restock Limit Is Too Low?",
            "When Amazon limits how much you may send in, the rest of your stock needs somewhere "
            "to wait close to the fulfilment network.",
        ),
        (
            "fragile-item-prep",
            "How Are Fragile Items Prepared for FBA?",
            "Glass, ceramics and electronics need packing that survives a drop test, because "
            "cartons at fulfilment centres are handled quickly and stacked high.",
        ),
        (
            "expiry-dated-products",
            "How Do You Handle Products With Expiry Dates?",
            "Food, cosmetics and supplements must show an expiry date in a format Amazon reads, "
            "and stock too close to expiry is disposed of.",
        ),
        (
            "fba-shipment-splits",
            "Why Did Amazon Split My Shipment Across Several Warehouses?",
            "Amazon's placement system often sends parts of one shipment to different fulfilment "
            "centres, which changes how the goods should travel.",
        ),
        (
            "oversized-cartons",
            "What If My Cartons Are Over Amazon's Limits?",
            "Amazon caps the weight and length of a standard carton, and oversize boxes are either "
            "refused or charged extra at the receiving dock.",
        ),
    ],
    "customs": [
        (
            "how-import-duty-is-calculated",
            "How Is Import Duty Calculated?",
            "Duty is a percentage of the customs value, and that value includes more than the "
            "price "
            "on your invoice.",
        ),
        (
            "what-is-an-eori-number",
            "What Is an EORI Number and Who Needs One?",
            "Any business that imports into or exports from the European Union or the United "
            "Kingdom needs an EORI number before its goods can be cleared.",
        ),
        (
            "eori-number-explained",
            "EORI Numbers: What They Are and Who Needs One",
            "Any business that imports into or exports from the European Union or the United "
            "Kingdom needs an EORI number before its goods can be cleared.",
        ),
        (
            "hs-codes-explained",
            "How Do I Find the Right HS Code?",
            "The HS code classifies your product for customs and fixes the duty rate, so a wrong "
            "code can cost money long after the goods have arrived.",
        ),
        (
            "customs-clearance-time",
            "How Long Does Customs Clearance Take?",
            "Most straightforward import declarations are cleared within a day, but a few "
            "situations reliably take longer.",
        ),
        (
            "eori-switzerland",
            "Do I Need an EORI Number to Ship to Norway?",
            "Switzerland is outside the European Union and its customs union, so shipments there "
            "follow Swiss rules rather than EU ones.",
        ),
        (
            "ddp-vs-ddu",
            "DDP or DDU: Who Pays the Duties?",
            "The delivery terms you agree decide whether your buyer pays duties at the door or "
            "whether you settle them before the goods arrive.",
        ),
        (
            "customs-inspection",
            "What Happens If My Shipment Is Inspected?",
            "Officers select a share of shipments for a document check or a physical examination, "
            "and being selected does not mean anything is wrong.",
        ),
        (
            "commercial-invoice-checklist",
            "What Must a Commercial Invoice Show?",
            "The commercial invoice is the document customs relies on most, and missing details "
            "are "
            "the most common reason for a delayed clearance.",
        ),
        (
            "ukca-ce-marking",
            "Do My Products Need CE or UKCA Marking?",
            "Many product groups, from toys to electrical goods, may only be sold in Europe or the "
            "UK with a conformity mark and the documents behind it.",
        ),
        (
            "ioss-for-small-parcels",
            "What Is IOSS and When Does It Apply?",
            "The Import One-Stop Shop lets sellers collect EU VAT at checkout on low-value "
            "parcels, "
            "so buyers pay nothing more at the door.",
        ),
        (
            "anti-dumping-duties",
            "What Are Anti-Dumping Duties?",
            "Some products from some countries carry an extra duty on top of the normal rate, and "
            "it can be several times higher than the product is worth.",
        ),
    ],
    "delivery": [
        (
            "tracking-number-not-working",
            "Why Is My Tracking Number Not Working Yet?",
            "A new tracking number often shows nothing for a day or two, because the carrier only "
            "creates the record when it first scans the parcel.",
        ),
        (
            "delivery-attempt-failed",
            "What Happens After a Failed Delivery Attempt?",
            "If nobody is home, most carriers leave a card and try again, but the number of "
            "attempts "
            "and what follows differ by carrier and country.",
        ),
        (
            "saturday-delivery",
            "Do You Deliver on Saturdays?",
            "Weekend delivery depends on the carrier and the area, and it usually costs a little "
            "more than a weekday slot.",
        ),
        (
            "cape-regional-deliveries",
            "Which Carrier Delivers to Regional Western Australia?",
            "Outside Perth, our parcels are handed to Cape, a regional carrier with depots in the "
            "larger country towns.",
        ),
        (
            "tracking-statuses-explained",
            "What Do the Tracking Statuses Mean?",
            "Tracking pages use short status words that are easy to misread, especially while a "
            "parcel crosses a border.",
        ),
        (
            "lost-parcel-claims",
            "How Do I Claim for a Lost Parcel?",
            "A parcel counts as lost only after the carrier has searched for it, and claims must "
            "be "
            "made within fixed time limits.",
        ),
        (
            "signature-on-delivery",
            "Can I Require a Signature on Delivery?",
            "A signature gives you proof that a valuable order reached the right person, at a "
            "small "
            "extra cost per parcel.",
        ),
        (
            "remote-area-surcharge",
            "What Is a Remote Area Surcharge?",
            "Carriers charge extra for postcodes that are expensive to reach, such as islands and "
            "mountain villages.",
        ),
        (
            "ups-vs-postal-delivery",
            "UPS or Postal Service: Which Last-Mile Option Is Better?",
            "UPS is usually faster and better tracked, while national post is cheaper and reaches "
            "rural addresses and PO boxes.",
        ),
        (
            "change-delivery-address",
            "Can I Change the Delivery Address After Dispatch?",
            "Changing the address is possible with most carriers until the parcel is out for "
            "delivery, although some charge for it.",
        ),
        (
            "tracking-for-pallets",
            "How Do I Track a Pallet Delivery?",
            "Pallet freight is tracked by consignment rather than by parcel, and updates are less "
            "frequent than for small packages.",
        ),
        (
            "delivery-to-po-boxes",
            "Do You Deliver to PO Boxes?",
            "Only postal services deliver to PO boxes; courier services need a street address.",
        ),
        (
            "parcel-lockers",
            "Can Parcels Go to a Locker or Pickup Point?",
            "Lockers and pickup points suit buyers who are rarely home, and they cut failed "
            "deliveries in busy cities.",
        ),
        (
            "pallet-delivery-booking",
            "Pallet Shipping FAQ",
            "Booking a pallet collection takes a few details that parcel bookings never ask for.",
        ),
    ],
    "warehouse": [
        (
            "how-overseas-warehousing-works",
            "How Does Overseas Warehousing Work?",
            "You ship stock in bulk to a warehouse in the buyer's country, and we pick, pack and "
            "send each order from there.",
        ),
        (
            "how-storage-fees-are-charged",
            "How Are Storage Fees Charged?",
            "Storage is charged by the space your stock occupies each week, measured in pallets or "
            "cubic metres.",
        ),
        (
            "stock-transfer-to-fba",
            "Can You Send Stock from Your Warehouse to Amazon?",
            "Keeping reserve stock with us and topping up Amazon in smaller batches avoids "
            "long-term "
            "storage fees and restock limits.",
        ),
        (
            "pallet-shipping-faq-sizes",
            "Pallet Shipping FAQ",
            "Pallet sizes and weight limits differ between countries, and a pallet that is fine in "
            "one market can be refused in another.",
        ),
        (
            "inventory-counts",
            "How Often Do You Count My Stock?",
            "Every location is counted on a rolling cycle, and you can ask for a full count before "
            "a stock-take or sale.",
        ),
        (
            "long-term-storage",
            "Is There a Charge for Long-Term Storage?",
            "Stock that sits for months ties up space, so rates rise after a set number of days.",
        ),
        (
            "kitting-and-relabelling",
            "Can You Relabel or Kit Products in the Warehouse?",
            "Relabelling and kitting let you change how stock is sold without shipping it back to "
            "the factory.",
        ),
        (
            "warehouse-locations",
            "Where Are Your Warehouses?",
            "We run warehouses close to the largest marketplaces, so most orders reach buyers "
            "within two to three days.",
        ),
        (
            "receiving-inbound-containers",
            "How Are Inbound Containers Received?",
            "A container is unloaded, counted and put away, and the stock becomes available to "
            "sell once the count matches your advance notice.",
        ),
        (
            "order-cut-off-times",
            "What Are the Same-Day Dispatch Cut-Off Times?",
            "Orders that reach us before the daily cut-off leave the same day; later orders go out "
            "the next working day.",
        ),
        (
            "warehouse-insurance",
            "Is My Stock Insured While in Storage?",
            "Our liability for stored goods is limited, so many sellers add their own stock cover.",
        ),
        (
            "send-returns-back-to-china",
            "Can Returned Goods Be Sent Back to China?",
            "Returns can travel back to the factory for repair or credit, but only when the value "
            "of "
            "the goods justifies the freight and paperwork.",
        ),
    ],
    "returns": [
        (
            "how-returns-work",
            "How Do Customer Returns Work?",
            "A buyer sends the item to our local returns address, and we check it and tell you "
            "what we found before anything else happens.",
        ),
        (
            "return-labels",
            "Can You Provide Prepaid Return Labels?",
            "A prepaid label makes returning easy for your buyer, and you only pay for the labels "
            "that are actually used.",
        ),
        (
            "inspecting-returns",
            "What Happens When a Return Reaches the Warehouse?",
            "Each returned item is opened, checked against the order and graded, with photos when "
            "something is wrong.",
        ),
        (
            "returning-goods-to-china",
            "Can Returned Goods Be Sent Back to China?",
            "Returns can travel back to the factory for repair or credit, but only when the value "
            "of "
            "the goods justifies the freight and paperwork.",
        ),
        (
            "refurbish-and-resell",
            "Can Returned Items Be Refurbished and Resold?",
            "Many returns are in perfect condition or need only new packaging, so they can be sold "
            "again instead of written off.",
        ),
        (
            "return-time-limits",
            "How Long Do Customers Have to Return an Item?",
            "Return windows are set partly by law and partly by your own policy, and they differ "
            "between the countries you sell to.",
        ),
        (
            "disposing-of-returns",
            "What Happens to Returns That Cannot Be Sold?",
            "Items that cannot be resold are recycled, donated or destroyed, and each choice has "
            "its own cost.",
        ),
        (
            "returns-for-fba",
            "How Are Amazon Removal Orders Handled?",
            "Stock removed from Amazon can come to us instead of being destroyed, ready to be "
            "checked and sent back in or sold elsewhere.",
        ),
        (
            "damaged-in-transit",
            "What If an Item Arrives Damaged?",
            "Damage in transit should be reported quickly, with photos of the item and the outer "
            "packaging.",
        ),
        (
            "returns-reporting",
            "Can I See Reports on My Returns?",
            "Your account shows every return with its reason, grade and outcome, so patterns "
            "become visible early.",
        ),
        (
            "return-address-changes",
            "Can I Change My Return Address?",
            "Yes, you can change it in your account settings.",
        ),
    ],
    "cod": [
        (
            "how-cod-works",
            "How Does Cash on Delivery Work?",
            "With cash on delivery the buyer pays the courier at the door, and the courier passes "
            "the money on to you after deducting its fee.",
        ),
        (
            "cod-countries",
            "Which Countries Support Cash on Delivery?",
            "Cash on delivery is popular where card use is low or trust in online shops is still "
            "growing.",
        ),
        (
            "cod-remittance-times",
            "When Is COD Money Paid Out?",
            "Collected cash reaches your account on a fixed cycle after delivery, not on the day "
            "the buyer pays.",
        ),
        (
            "cod-refused-parcels",
            "What Happens If a COD Parcel Is Refused?",
            "Refusals are the main cost of cash on delivery, because you pay for shipping both "
            "ways "
            "and receive nothing.",
        ),
        (
            "cod-tracking-code",
            "Can I Track a Northway Parcel Without a Code?",
            "Cash on delivery parcels are tracked like any other parcel, but buyers often look "
            "for a "
            "code in the wrong place.",
        ),
        (
            "cod-fees",
            "What Does Cash on Delivery Cost?",
            "On top of shipping, cash on delivery carries a collection fee, usually a percentage "
            "of "
            "the amount collected.",
        ),
        (
            "cod-order-confirmation",
            "Why Confirm COD Orders by Phone?",
            "A quick call before dispatch weeds out orders the buyer never meant to place.",
        ),
        (
            "cod-limits",
            "Is There a Maximum COD Value?",
            "Couriers cap the amount a driver may collect per parcel, and the cap differs by "
            "country.",
        ),
        (
            "cod-in-the-gulf",
            "Cash on Delivery in the Gulf States",
            "Across the Gulf, a large share of online orders is still paid at the door.",
        ),
        (
            "cod-card-payment",
            "Can Customers Pay by Card on Delivery?",
            "In several markets the courier carries a card terminal, so buyers can choose cash or "
            "card at the door.",
        ),
        (
            "cod-fraud-prevention",
            "How Can I Reduce Fake COD Orders?",
            "Fake and impulse orders are part of cash on delivery, but a few simple checks keep "
            "them to a small share.",
        ),
        (
            "cod-explained-for-sellers",
            "Cash on Delivery Explained for New Sellers",
            "With cash on delivery the buyer pays the courier at the door, and the courier passes "
            "the money on to you after deducting its fee.",
        ),
    ],
}
