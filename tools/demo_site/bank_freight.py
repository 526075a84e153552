"""Sentence banks for the sea, FBA and customs sections of the demo site.

Slots filled per article: {origin} (a Chinese city), {days} (a small number).
"""

SEA = {
    "headings": [
        "How the booking works",
        "What affects the price",
        "Timing and cut-offs",
        "Paperwork you will need",
        "Common mistakes",
        "At the destination port",
        "Planning ahead",
    ],
    "sentences": [
        "We collect the goods from your supplier in {origin} and deliver them to our consolidation "
        "warehouse near the port.",
        "Cargo must reach the container freight station about {days} days before the vessel sails.",
        "Ocean carriers publish their schedules weeks ahead, but blank sailings can remove a "
        "departure at short notice.",
        "A shared container is priced per cubic metre, with a minimum charge of one cubic metre.",
        "Full containers are priced per box, so the cost per carton falls as you load more into "
        "it.",
        "Heavy goods such as tiles or machinery reach the weight limit long before the container "
        "is full.",
        "The vessel itself is only one part of the transit time; loading, transhipment and "
        "unloading add days at both ends.",
        "Transhipment at a hub port such as Singapore or Colombo can add a week if the "
        "connecting vessel is delayed.",
        "Your supplier should give you a packing list with carton counts, weights and "
        "measurements before the goods leave the factory.",
        "We recommend booking at least two weeks before the cargo is ready, and four weeks in the "
        "autumn rush.",
        "Cartons should be strong enough to carry the weight of several layers stacked on top.",
        "Moisture is the most common cause of damage at sea, and desiccant bags in the container "
        "are a cheap precaution.",
        "Once the vessel arrives, the container is discharged and waits in the terminal until "
        "customs releases it.",
        "Terminal handling charges are billed at both ends and are not always included in a "
        "headline rate.",
        "A sailing that leaves on time can still arrive late if the destination terminal is "
        "short of berths.",
        "For shared containers, your cartons are unpacked at a bonded warehouse before they "
        "continue to your address.",
        "We send you the vessel name and voyage number as soon as the booking is confirmed.",
        "Rates are usually quoted for the sailing month and may change if the cargo misses the "
        "booked vessel.",
        "Seals are checked at loading and again on arrival, and any mismatch is recorded before "
        "the doors are opened.",
        "Goods that need a certificate of origin should have it issued before the vessel "
        "departs, not after.",
        "Container trucking from the port to an inland address is booked once the release "
        "date is known.",
        "Cargo declared as general merchandise must not contain anything classed as hazardous.",
        "If your goods are bulky but light, a shared container is often cheaper than air freight "
        "by a wide margin.",
        "Most of our direct sailings leave from Shenzhen, Ningbo and Shanghai, with weekly "
        "departures to the main European ports.",
        "Measure your cartons rather than copying the figures from an old quotation, because "
        "small differences add up across a full load.",
    ],
    "items": [
        "A packing list with carton dimensions",
        "The commercial invoice",
        "Your importer's tax or EORI number",
        "Photos of the packed cartons",
        "The supplier's contact at the factory",
        "Any product certificates",
        "The delivery address and opening hours",
        "A named contact at the destination",
    ],
}

FBA = {
    "headings": [
        "Amazon's requirements",
        "How we prepare your units",
        "Labels and barcodes",
        "Carton rules",
        "What it costs",
        "Avoiding rejections",
        "Before you send stock",
    ],
    "sentences": [
        "Every sellable unit needs a scannable barcode, and the barcode must be the only one "
        "visible on the outside.",
        "Old barcodes from the supplier are covered with an opaque label so the scanner cannot "
        "pick the wrong one.",
        "Amazon publishes its prep rules in Seller Central, and they change more often than most "
        "sellers notice.",
        "We check a sample of every inbound delivery against your listing before any labelling "
        "starts.",
        "Cartons that mix several products need a contents list, either on the label or entered "
        "in the shipment plan.",
        "Labels printed at low resolution often fail to scan, so we print them on a thermal "
        "printer at full size.",
        "Sets that are sold together must be bagged or shrink-wrapped and marked as sold as a set.",
        "Units with sharp edges are wrapped so they cannot cut through a bag or injure a worker.",
        "Our prep fee is charged per unit, with small extras for bagging, bubble wrap or bundling.",
        "Stock that fails Amazon's receiving checks can be returned at your cost or prepared "
        "again at the fulfilment centre for a fee.",
        "The shipment plan in Seller Central must match what is physically in the cartons, "
        "down to the unit.",
        "We photograph each finished carton before sealing, which helps if a dispute about "
        "missing units arises later.",
        "Carton labels go on the side of the box, not across a seam where the tape could tear "
        "them.",
        "Most prep jobs are finished within {days} working days of the goods arriving.",
        "Fulfilment centres refuse cartons whose weight is not marked clearly when they exceed "
        "the team-lift threshold.",
        "If Amazon changes your shipment destination after the cartons are sealed, we relabel "
        "them before collection.",
        "Items in glass or liquid form need extra protection and sometimes a different inbound "
        "route.",
        "Bubble wrap, box-in-box packing and corner protectors are the usual ways to protect "
        "fragile goods.",
        "Batteries inside products must be declared in the listing, or the units may be held "
        "at receiving.",
        "We keep your prep instructions on file, so repeat orders follow the same steps every "
        "time.",
        "Mislabelled units are one of the most common reasons for inventory to go missing "
        "inside the fulfilment network.",
        "Shipping straight from the factory to Amazon saves a step, but nobody checks the units "
        "before they are received.",
    ],
    "items": [
        "One FNSKU label per sellable unit",
        "Suffocation warnings on bags with openings over five inches",
        "Clear 'Sold as set' stickers on bundles",
        "Carton labels on two sides",
        "A contents list for mixed cartons",
        "Heavy package labels above the weight limit",
        "Expiry dates in large print",
        "Bubble wrap for anything fragile",
    ],
}

CUSTOMS = {
    "headings": [
        "How it works",
        "Documents customs expects",
        "What you pay",
        "Common causes of delay",
        "Who is responsible",
        "Getting it right first time",
        "Rules that differ by country",
    ],
    "sentences": [
        "Customs brokers submit the import declaration on your behalf, using the data on your "
        "invoice and packing list.",
        "The importer of record is responsible for the accuracy of the declaration, even when a "
        "broker files it.",
        "Duty rates depend on the product's classification and its country of origin, not on "
        "where it was shipped from.",
        "Import VAT is charged on top of the duty, and VAT-registered businesses can usually "
        "reclaim it.",
        "A vague description such as 'parts' or 'accessories' almost always triggers a query from "
        "customs.",
        "Declared values must reflect the price actually paid, including any separate payments "
        "for moulds or tooling.",
        "Customs can ask for documents for several years after the goods were cleared, so keep "
        "copies.",
        "Goods that fall under product safety rules may need a declaration of conformity and "
        "test reports.",
        "Our brokers check your documents before the goods arrive, which gives time to fix "
        "mistakes.",
        "Duties and taxes are paid before release, either from your deferment account or through "
        "us.",
        "If the goods are undervalued, customs can reassess the value and charge the difference "
        "plus penalties.",
        "Preferential duty rates under a trade agreement require proof of origin that meets the "
        "agreement's rules.",
        "Samples without commercial value are still declared, although duty is often waived.",
        "Each country sets its own threshold below which small consignments are cleared "
        "without duty.",
        "Clearance usually starts when the vessel arrives, but pre-lodging the declaration can "
        "save a day.",
        "Restricted goods such as plants, food or medicines may need a licence from another "
        "government agency as well as customs clearance.",
        "The packing list should match the invoice line by line, with the same quantities and "
        "units.",
        "A customs hold adds storage charges for every day the goods wait at the terminal.",
        "We send you a copy of the entry once the goods are released, for your accounts.",
        "Importing for the first time often takes longer, because the broker has to set up "
        "your details.",
        "Many delays start in {origin}, when the export paperwork does not match what was loaded.",
        "Country-of-origin marks on the product itself are required for many goods entering "
        "the United States.",
    ],
    "items": [
        "Commercial invoice with unit prices",
        "Packing list with weights",
        "Bill of lading or air waybill",
        "Importer's EORI or tax number",
        "Certificate of origin, where a lower duty applies",
        "Product certificates and test reports",
        "A power of attorney for the broker",
        "Licences for restricted goods",
    ],
}
