"""Sentence banks for the Kapai / HaiKa / Haipai service pages, and the hand-placed extras.

{K}, {H} and {P} stand for the three service names; build.py fills each occurrence with the
preferred spelling or, on some pages, a variant (the inconsistency the demo plants).
"""

KAPAI = [
    "A {K} load is collected from our warehouse and driven to the fulfilment centre without "
    "being broken down on the way.",
    "Pallets on a {K} truck must not exceed the height limit of the receiving dock.",
    "The delivery appointment for {K} is booked through Amazon's carrier portal once the "
    "shipment is ready.",
    "If the fulfilment centre postpones the appointment, the {K} truck waits or returns the "
    "next day, and waiting time may be charged.",
    "For {K}, every pallet carries four labels, one on each side.",
    "Less-than-truckload {K} shares the truck with other sellers, which keeps the price down "
    "for a few pallets.",
    "A full truck is worth booking for {K} when you have around twenty pallets or more.",
    "Proof of delivery for {K} is a signed bill of lading from the receiving dock.",
    "{K} suits heavy or bulky goods that would be expensive as individual parcels.",
    "We usually book {K} deliveries three to five days ahead, and further ahead in the fourth "
    "quarter.",
    "Cartons on a {K} pallet should be stacked in columns, with the heaviest at the bottom.",
    "Mixed pallets are allowed on {K} as long as each carton has its own label.",
    "The receiving team counts pallets on arrival, and the cartons are checked later inside "
    "the building.",
    "{K} rates depend on the pallet count, the distance and the fulfilment centre's region.",
]

HAIKA = [
    "With {H}, the container sails to the destination port and is trucked to the warehouse "
    "on one booking.",
    "{H} is the most economical way to move a large volume into a single fulfilment centre.",
    "Customs clearance for {H} is done at the port of arrival before the truck is booked.",
    "A {H} shipment is tracked by container until the port and by truck reference after that.",
    "The slowest part of {H} is often not the voyage but the wait for a delivery appointment.",
    "On {H}, goods can travel as a full container or as part of a shared one.",
    "For {H} to the United States, the cargo usually arrives at Los Angeles or Long Beach.",
    "Transit times for {H} include about a week for port handling and trucking.",
    "{H} bookings close about ten days before the vessel departs.",
    "If the destination warehouse cannot take the goods, {H} cargo is held in our bonded store "
    "until a new slot is found.",
    "{H} prices move with the ocean market, so quotes are valid for the sailing month only.",
    "The truck leg of {H} can deliver to Amazon, Walmart or your own warehouse.",
    "A single commercial invoice covers the whole {H} shipment, including the truck leg.",
]

HAIPAI = [
    "With {P}, each carton gets its own parcel label after customs release.",
    "{P} works well when one shipment has to reach many addresses or several fulfilment centres.",
    "The parcel leg of {P} is tracked carton by carton, so you can see each delivery.",
    "Cartons sent by {P} should stay under the parcel carrier's weight limit.",
    "Transit times for {P} are a few days longer than for trucked services, because cartons "
    "pass through a parcel hub.",
    "{P} avoids delivery appointments, since parcel carriers deliver to fulfilment centres daily.",
    "A {P} quote lists the sea freight and the parcel charges separately.",
    "For {P}, oversize cartons attract a surcharge from the parcel carrier.",
    "Lost cartons on {P} are claimed from the parcel carrier, which we handle for you.",
    "{P} is popular with sellers whose stock is split across many Amazon warehouses.",
    "Before a {P} shipment sails, we need the final destination of every carton.",
    "The labels for {P} are printed at our destination hub, so your supplier does not need them.",
]

MIXED = [
    "{H} and {P} both start with the same sea voyage; they only differ after the port.",
    "Choose {K} when your goods are already in the destination country and palletised.",
    "{P} costs more per kilogram than {H}, but it reaches many addresses at once.",
    "Many sellers send their main stock by {H} and top up fast sellers by {P}.",
    "If you are not sure which to book, send us the carton list and the destinations, and we "
    "will compare {K}, {H} and {P} for you.",
    "Switching from {P} to {H} makes sense once most of your cartons go to one warehouse.",
]

# Hand-placed text: page slug -> list of paragraphs. <a> tags are kept as written.
EXTRAS = {
    "fba-carton-labels": [
        "Sellers often ask which printer to use. Any thermal printer that prints 4x6 inch "
        "labels works; in our prep rooms we use the Haiku 4, a compact desktop model, because "
        "it handles both carton and unit labels."
    ],
    "fragile-item-prep": [
        "For electronics with exposed contacts, we cover the terminals with Kapton tape, which "
        "resists heat and does not leave residue, before the unit is bagged."
    ],
    "dangerous-goods-by-sea": [
        "Battery terminals must be protected against short circuits. Kapton tape over the "
        "contacts is the usual method for loose cells packed for sea transport.",
        "Before booking, work through our "
        '<a href="/files/dangerous-goods-declaration-checklist.pdf">dangerous goods checklist '
        "(PDF)</a> with your supplier.",
    ],
    "shipping-to-cape-town": [
        "Cape Town's container terminal handles most of the Western Cape's imports, and in the "
        "windy season berthing can be delayed by a day or two.",
        "Goods for Johannesburg usually land in Durban instead, so Cape Town only makes sense "
        "when your buyers or warehouse are in the Western Cape.",
    ],
    "cape-regional-deliveries": [
        "Cape collects from our Perth depot every weekday afternoon and delivers to most "
        "regional towns within three to five days.",
        "Tracking for Cape deliveries appears on our tracking page like any other carrier, with "
        "the Cape consignment number shown underneath.",
    ],
    "ups-vs-postal-delivery": [
        "UPS offers delivery time windows and signature options that most postal services lack. "
        "For parcels above two kilograms, UPS is often cheaper as well."
    ],
    "tracking-number-not-working": [
        "Parcels handed to UPS usually show their first scan on the evening of collection."
    ],
    "fba-shipment-splits": [
        "Split shipments are where the delivery method matters most: a {K} truck to one "
        "building is efficient, but three small {K} loads to three buildings cost more than "
        "parcels would."
    ],
    "stock-transfer-to-fba": [
        "Transfers of more than a few pallets go by {K} truck, smaller ones by parcel carrier."
    ],
    "pallets-vs-floor-loading": [
        "If the container will continue by {H} to an Amazon building, palletised cargo is "
        "usually required for the truck leg."
    ],
    "lcl-or-fcl-which-to-choose": [
        "The same choice comes up on {H} bookings, where a shared container is the default "
        "for smaller loads."
    ],
    "warehouse-locations": [
        "Partners and staff can find current rates in the "
        '<a href="/internal/rate-card-2026.html">internal rate card</a>.'
    ],
    "cod-fees": [
        "Courier partners should refer to the "
        '<a href="/internal/cod-partner-terms.html">partner terms for collections</a>.'
    ],
    "ddp-vs-ddu": [
        "For a worked example of how the duty itself is calculated, see our "
        '<a href="/help/import-duty.html">import duty guide</a>.'
    ],
    "long-term-storage": [
        "The current weekly rates are listed in our "
        '<a href="/faq/warehouse/storage-fees-2025.html">storage fee table</a>.'
    ],
    "fnsku-vs-upc": [
        "Where the label goes on the carton is covered in "
        '<a href="/faq/fba/fba-labels.html">our carton labelling guide</a>.'
    ],
}
