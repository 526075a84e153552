"""Sentence banks for the delivery, warehouse, returns and COD sections, plus general lines."""

DELIVERY = {
    "headings": [
        "What the carrier does",
        "What you can do",
        "Costs",
        "Timing",
        "When something goes wrong",
        "Telling your buyers",
        "Tracking details",
    ],
    "sentences": [
        "Tracking updates appear when a parcel is scanned, so there can be long gaps while it "
        "travels between depots.",
        "Carriers usually deliver between eight in the morning and six in the evening, without a "
        "precise time slot.",
        "Buyers receive an email or text message on the morning of delivery with a rough time "
        "window.",
        "Parcels that cannot be delivered are held at a local depot or post office for a limited "
        "number of days.",
        "After the holding period, an unclaimed parcel goes back to the sender, and the return "
        "trip is charged.",
        "Address errors cause more failed deliveries than anything else, especially missing "
        "flat numbers.",
        "A phone number on the label lets the driver call the buyer instead of leaving a card.",
        "Delivery costs depend on weight, size and the destination postcode.",
        "Parcels over thirty kilograms move on a separate freight network and take a day longer.",
        "The tracking number is shared with you as soon as the label is printed in our warehouse.",
        "During the December peak, carriers need an extra day or two on most routes.",
        "Claims for damage must include photos of the parcel as it arrived, before it is unpacked.",
        "A parcel marked as delivered but not received should be reported within {days} days.",
        "Some carriers let buyers choose a new day or a neighbour through a link in the "
        "notification.",
        "We compare carriers every quarter and move volume to whoever delivers most reliably.",
        "Rural and island addresses can take one or two days more than the standard estimate.",
        "When a parcel stops moving for several days, we open an investigation with the carrier.",
        "Delivery photos are available for most residential deliveries and help settle disputes.",
        "The estimated delivery date on the tracking page is a forecast, not a promise.",
        "Carriers do not accept parcels with old labels still visible, because the scanners may "
        "read the wrong code.",
        "Your buyers can track parcels on our branded page, which hides the carrier hand-offs.",
        "Cross-border parcels may receive a second tracking number from the local carrier after "
        "customs.",
        "Apartment buildings with a concierge usually accept parcels on behalf of residents.",
        "Drivers may leave a parcel in a safe place only if the buyer has agreed to it.",
        "Perishable goods need a faster service and cannot be held at a depot for long.",
        "Evening delivery slots exist in large cities but rarely in smaller towns.",
        "Carriers weigh and measure parcels again, and any difference is billed afterwards.",
        "Most carriers stop at a house only once per day, even if the buyer returns soon after.",
        "A parcel sent to a business address should include the company name on the label.",
    ],
    "items": [
        "Full street address with house and flat number",
        "A mobile number for the driver",
        "Delivery instructions, if any",
        "The buyer's preferred language for notifications",
        "Parcel weight and dimensions",
        "Declared value for insurance",
        "Signature preference",
    ],
}

WAREHOUSE = {
    "headings": [
        "How it works",
        "Fees",
        "Receiving your stock",
        "Keeping stock accurate",
        "Dispatching orders",
        "What we need from you",
        "Reports and visibility",
    ],
    "sentences": [
        "Before stock arrives, you create an advance shipping notice listing every product and "
        "quantity.",
        "Stock is put away within two working days of delivery, and usually the same day.",
        "Each product is stored in a bin or pallet location that is scanned on every movement.",
        "Orders come in from your shop or marketplace through an integration and are picked in "
        "batches.",
        "Pick and pack fees are charged per order, with a small extra for each additional item.",
        "Packaging materials are included in the pack fee unless you supply branded boxes.",
        "Your dashboard shows stock levels, inbound deliveries and dispatched orders in real time.",
        "Discrepancies found during receiving are reported with photos within one working day.",
        "Slow-moving stock is flagged in a monthly report so you can plan promotions or removals.",
        "Goods on pallets should be wrapped and labelled with the product code on two sides.",
        "We keep batch numbers and expiry dates for products that need them and pick the oldest "
        "stock first.",
        "Insurance for stored goods is separate from transit insurance.",
        "Returns are received in the same warehouse and can go straight back into sellable stock.",
        "Warehouses operate Monday to Friday, with weekend shifts in November and December.",
        "High-value items are kept in a caged area with restricted access.",
        "You can book a visit to see your stock, with a few days' notice.",
        "Stock that arrives without an advance notice is received more slowly and may incur a fee.",
        "Moving stock between our warehouses takes {days} to seven days depending on the route.",
        "We recommend keeping between four and eight weeks of sales in stock locally.",
        "Oversized items such as furniture are stored in a separate zone and dispatched by "
        "two-person crews.",
        "A low-stock alert can be set for each product so you reorder in time.",
        "Seasonal stock can be moved to overflow storage after the peak to lower your fees.",
        "Each warehouse has its own dock hours, listed in your account.",
        "Stock adjustments are logged with a reason, so every change can be traced.",
        "Bundles can be assembled on demand when an order arrives, rather than in advance.",
        "Temperature-sensitive goods are kept in a controlled area at some locations only.",
    ],
    "items": [
        "An advance shipping notice",
        "Product codes on every carton",
        "Barcodes on every unit",
        "Safety data sheets for chemicals",
        "Your packaging preferences",
        "Contact details for urgent questions",
        "A list of products that need special handling",
    ],
}

RETURNS = {
    "headings": [
        "How a return travels",
        "Checking returned items",
        "Costs",
        "Your options",
        "What your buyers see",
        "Reducing returns",
    ],
    "sentences": [
        "Buyers return items to a local address, so they do not face international postage.",
        "Every return is logged with the order number, reason and condition.",
        "Items in perfect condition go back into stock within two working days.",
        "Damaged items are photographed and held until you decide what to do with them.",
        "Return reasons such as 'wrong size' or 'not as described' point to problems in the "
        "listing.",
        "You can set rules so that common cases are handled without asking you each time.",
        "Refunds are issued by you or your marketplace; we only confirm that the item arrived.",
        "Returns without an order number take longer, because the item must be matched by hand.",
        "Electronic items are tested before they are graded as sellable.",
        "Clothing is checked for marks, smells and missing tags before it goes back into stock.",
        "Consolidating returns and shipping them in bulk keeps the cost per item low.",
        "A returns portal lets buyers print a label and choose a drop-off point themselves.",
        "Some marketplaces require you to offer free returns to keep certain badges.",
        "Return rates above ten percent on a product usually mean the listing needs attention.",
        "Returned items that cannot be sold can be sent for recycling, with a certificate if "
        "needed.",
        "We keep returned goods for up to {days} weeks while you decide what to do.",
        "Packaging that arrives damaged is replaced so the product can be sold as new.",
        "Faulty items can be grouped and sent to a repair partner in bulk.",
        "Buyers receive an automatic email when their return has been received.",
        "Seasonal peaks in returns follow the gift season by about three weeks.",
        "Returned shoes are checked for wear on the soles before they are graded.",
        "Sealed hygiene products cannot be resold once the seal has been broken.",
        "Marketplaces may ask for proof that a return was received before they release the "
        "refund hold.",
        "Return shipping costs can be recovered from the buyer only where your terms allow it.",
        "Bulky items such as furniture are collected from the buyer rather than dropped off.",
        "A short note in the parcel explaining how to return an item cuts support questions.",
        "We can reuse the original outer carton when it survives the return journey intact.",
        "Items returned outside the return window are held while you decide whether to accept "
        "them.",
    ],
    "items": [
        "Resell as new",
        "Resell as used or open box",
        "Repair and resell",
        "Return to supplier",
        "Donate",
        "Recycle",
    ],
}

COD = {
    "headings": [
        "How the money flows",
        "Fees and payouts",
        "Refusals and returns",
        "Markets where it works",
        "Protecting your margin",
        "What buyers expect",
    ],
    "sentences": [
        "The courier collects the amount printed on the label and nothing more.",
        "Collected cash is reconciled against the delivery records before it is paid out.",
        "Payouts are made weekly or fortnightly, depending on the country and the courier.",
        "The collection fee is usually between one and three percent of the amount collected.",
        "Refusal rates for cash on delivery are higher than for prepaid orders, sometimes much "
        "higher.",
        "A refused parcel returns to the warehouse, and the stock can be sold again.",
        "Buyers in many markets trust cash on delivery more than paying online in advance.",
        "Drivers often carry limited change, so exact prices help delivery go smoothly.",
        "Some couriers let buyers pay by mobile wallet at the door as well as by cash.",
        "Orders with incomplete addresses are refused more often, so we check them before "
        "dispatch.",
        "Currency conversion happens at the payout, at the rate of that day.",
        "A short confirmation message before dispatch lowers the refusal rate noticeably.",
        "Buyers may open the parcel before paying in some countries, which affects packaging "
        "choices.",
        "High-value orders are better sent prepaid, because couriers cap the cash a driver "
        "carries.",
        "Each remittance comes with a statement listing the orders it covers.",
        "Fraud is rarer than refusal, but repeated fake orders from one address are blocked.",
        "Cash on delivery works best for mid-priced products that buyers want quickly.",
        "Delivery attempts for cash on delivery parcels are limited to {days} in most markets.",
        "Sellers who offer both prepaid and cash on delivery see more orders overall.",
        "Some buyers order from several shops at once and refuse whichever parcel arrives last.",
        "In a few countries the courier must hand over a receipt showing the collected amount.",
        "Your order export should flag cash on delivery orders so the label shows the amount due.",
        "Collected funds sit with the courier until the next settlement date, which is why "
        "payouts lag behind deliveries.",
        "Returned cash on delivery parcels are checked and restocked like any other return.",
        "Partial refusals, where a buyer keeps one item and rejects another, are not possible "
        "with most couriers.",
        "Marketplaces in Southeast Asia often handle the collection themselves and pay you "
        "through the platform.",
        "If a driver reports a collection shortfall, the courier investigates before the next "
        "payout.",
        "Adding a delivery fee for cash orders only is allowed in some markets and unpopular in "
        "all of them.",
    ],
    "items": [
        "Confirm the order by phone or message",
        "Check the address before dispatch",
        "Print the exact amount on the label",
        "Offer a small discount for prepaid orders",
        "Block addresses with repeated refusals",
        "Keep prices in round numbers",
    ],
}

GENERAL = [
    "Our support team answers questions in English and Chinese on working days.",
    "If your case is urgent, mention your shipment number in the first line of your message.",
    "Prices and times on this page are typical figures, and your quote shows the exact ones.",
    "We update this page whenever carrier rules or regulations change.",
    "Your account manager can look at your specific products and suggest the best route.",
    "Every shipment is different, so treat these points as a starting guide.",
    "Most questions are answered within one working day.",
    "Sellers who plan a few weeks ahead rarely run into these problems.",
    "A short call before the first shipment often saves a lot of back and forth later.",
    "For regular shipments, we can agree fixed procedures so nothing needs explaining twice.",
    "If something on this page does not match what you see in your account, please tell us.",
    "The same rules apply whether you sell on a marketplace or through your own shop.",
    "Keeping your product data complete in our system makes every later step faster.",
    "Many of these details can be set once in your account and reused for every order.",
    "Ask us for a sample quote if you want to compare options before committing.",
    "We publish changes to fees at least thirty days before they take effect.",
]
