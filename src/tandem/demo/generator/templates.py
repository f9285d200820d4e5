"""Initiative templates per business function, in the requesting unit's words.

Each template gives a title, the business problem, the kind of work, the business outcome
(metric, baseline, target, unit), the IT team families that would do the work (first one
leads) and a size: S (weeks), M (a quarter or two), L (most of a year).
"""

from __future__ import annotations

from typing import NamedTuple


class Template(NamedTuple):
    """One kind of request a business function typically makes."""

    kind: str
    title: str
    problem: str
    metric: str
    baseline: float
    target: float
    unit: str
    teams: tuple[str, ...]
    size: str


T = Template

# fmt: off
TEMPLATES: dict[str, tuple[Template, ...]] = {
    "FIN": (
        T("transform", "Automate bank reconciliation in the ERP",
          "Month-end close takes nine working days because the team reconciles four bank "
          "accounts by hand in spreadsheets.",
          "Days to close the books", 9, 5, "days", ("ERP", "INTEG"), "M"),
        T("compliance", "E-invoicing for public-sector customers",
          "Public-sector customers will only accept structured e-invoices from next year; "
          "today we send PDFs by e-mail.",
          "Invoices rejected by public-sector customers", 6, 0, "% of invoices",
          ("ERP", "INTEG"), "M"),
        T("run", "Upgrade the ERP finance module to the supported release",
          "Our ERP finance module leaves vendor support at the end of the year; after that, "
          "tax-rate updates and security fixes stop.",
          "Months of vendor support remaining", 3, 36, "months", ("ERP", "INFRA"), "L"),
        T("growth", "Self-service credit checks for new customers",
          "Sales waits two days for Finance to approve credit limits, and some new customers "
          "buy elsewhere in the meantime.",
          "Days to approve a credit limit", 2, 0.5, "days", ("ERP", "DIGITAL"), "S"),
        T("transform", "Rolling cash-flow forecast",
          "Treasury builds the 13-week cash forecast from six spreadsheets every Monday, and "
          "it is out of date by Wednesday.",
          "Cash forecast accuracy at four weeks", 78, 92, "%", ("DATA", "ERP"), "M"),
        T("run", "Replace the expense-claim tool",
          "The expense tool's contract ends in the summer, and employees wait three weeks to "
          "be reimbursed.",
          "Days to reimburse an expense claim", 21, 7, "days", ("ERP", "DESK"), "S"),
        T("compliance", "Second approval for manual journal entries",
          "The external auditors flagged that manual journal entries above 50,000 have no "
          "documented second approval.",
          "Audit findings on manual journals", 3, 0, "findings", ("ERP", "SEC"), "S"),
        T("growth", "Early-payment discounts from suppliers",
          "We pay suppliers on day 60 whatever our cash position and miss early-payment "
          "discounts worth about 1% of spend.",
          "Early-payment discounts captured", 40000, 180000, "EUR per year", ("ERP", "INTEG"),
          "M"),
        T("transform", "Consolidated group reporting for the subsidiaries",
          "Group reporting for three subsidiaries is consolidated by copy and paste, which "
          "takes four days each quarter.",
          "Days to produce the quarterly group report", 4, 1, "days", ("DATA", "ERP"), "L"),
        T("security", "Segregation of duties in supplier payments",
          "Five people can both create suppliers and release payments, which our insurer "
          "calls a fraud risk.",
          "People with conflicting payment rights", 5, 0, "people", ("SEC", "ERP"), "S"),
        T("run", "Automated fixed-asset depreciation",
          "Depreciation is calculated in a spreadsheet and posted by hand each month; two "
          "postings were wrong last year.",
          "Manual depreciation postings", 12, 0, "postings per year", ("ERP",), "S"),
        T("compliance", "VAT returns for the EU one-stop shop",
          "Since we sell online into nine EU countries, VAT returns are compiled by hand from "
          "order exports.",
          "Hours to prepare the quarterly VAT return", 40, 8, "hours", ("ERP", "DATA"), "M"),
        T("growth", "Spend analytics for purchasing",
          "Nobody can say what we spend per supplier category without a week of manual work.",
          "Spend visible by category", 35, 90, "%", ("DATA",), "M"),
        T("transform", "Purchase-order approval on mobile",
          "Purchase orders wait five days for approval because approvers must log on to the "
          "ERP from the office.",
          "Days to approve a purchase order", 5, 1, "days", ("ERP", "DIGITAL", "INTEG"), "L"),
    ),
    "SAL": (
        T("growth", "Partner portal for resellers",
          "Resellers e-mail their orders and stock questions to inside sales, who re-key 300 "
          "orders a week.",
          "Orders re-keyed by inside sales", 300, 60, "orders per week", ("DIGITAL", "INTEG"),
          "L"),
        T("growth", "Configure-price-quote for configured products",
          "Quotes for configured products take three days and one in eight contains a pricing "
          "error.",
          "Days to send a configured quote", 3, 0.5, "days", ("DIGITAL", "ERP"), "L"),
        T("run", "One CRM after the acquisition",
          "We pay for two CRM systems because the acquired business never migrated; account "
          "managers see half of each customer.",
          "CRM systems in use", 2, 1, "systems", ("INTEG", "DATA"), "M"),
        T("growth", "Lead scoring from web and trade-show data",
          "Reps call leads in the order they arrive, and only 4% of trade-show leads ever "
          "become opportunities.",
          "Leads converted to opportunities", 4, 9, "%", ("DATA", "DIGITAL"), "M"),
        T("transform", "Single customer view for account managers",
          "Account managers check four systems to prepare a customer visit: CRM, ERP, the "
          "service desk and the web shop.",
          "Minutes to prepare a customer visit", 45, 10, "minutes", ("DATA", "INTEG"), "L"),
        T("growth", "Subscription billing for service contracts",
          "Maintenance contracts are billed once a year by hand, and renewals slip because "
          "nobody is reminded.",
          "Service contracts renewed on time", 71, 90, "%", ("ERP", "DIGITAL"), "M"),
        T("compliance", "Consent records for sales contacts",
          "Our contact lists do not record where consent came from, which the data-protection "
          "officer has raised twice.",
          "Contacts without recorded consent", 38, 0, "%", ("SEC", "DIGITAL"), "S"),
        T("run", "Mobile CRM for field sales",
          "Field reps update the CRM on Friday evenings from memory, so the pipeline is a week "
          "out of date.",
          "Days between a visit and its CRM update", 5, 1, "days", ("DIGITAL",), "S"),
        T("growth", "Sales forecast dashboard",
          "The monthly forecast is compiled from regional spreadsheets and arrives after the "
          "board meeting has started.",
          "Forecast accuracy at quarter end", 70, 88, "%", ("DATA",), "S"),
        T("security", "Stop bulk exports of customer price lists",
          "Departing sales staff have taken complete customer price lists twice in two years.",
          "Uncontrolled price-list exports", 14, 0, "per quarter", ("SEC",), "S"),
        T("growth", "Self-service commission statements",
          "Reps raise about 60 commission queries a month because statements arrive as PDFs "
          "without detail.",
          "Commission queries", 60, 10, "queries per month", ("DATA", "ERP"), "M"),
        T("transform", "Key-account plans in the CRM",
          "Key-account plans live in slide decks that are updated once a year and never linked "
          "to real orders.",
          "Key accounts with a live plan", 10, 80, "%", ("DIGITAL", "DATA"), "M"),
        T("run", "Retire the quoting spreadsheet macros",
          "The quoting macros only run on an unsupported Excel version and one person "
          "understands them.",
          "Quotes produced on unsupported tools", 100, 0, "%", ("DIGITAL", "DESK"), "S"),
        T("growth", "Web shop for spare parts",
          "Customers phone or e-mail for spare parts; a third of calls to inside sales are "
          "simple re-orders.",
          "Spare-parts orders placed online", 0, 45, "%", ("DIGITAL", "ERP", "INTEG"), "L"),
    ),
    "OPS": (
        T("transform", "Scanning for goods-in and picking",
          "Goods are booked in from paper delivery notes, so stock in the ERP is wrong on one "
          "line in twelve.",
          "Stock accuracy", 92, 99, "%", ("ERP", "INFRA", "INTEG"), "L"),
        T("run", "Replace the warehouse wireless network",
          "Hand scanners lose their connection in aisles 14 to 22 several times a shift.",
          "Scanner disconnections", 40, 2, "per shift", ("INFRA",), "M"),
        T("growth", "Carrier integration for same-day dispatch",
          "Shipping labels are printed from three carrier websites, which caps dispatch at 400 "
          "parcels a day.",
          "Parcels dispatched per day", 400, 700, "parcels", ("INTEG", "ERP"), "M"),
        T("transform", "Demand forecasting for replenishment",
          "Buyers reorder from min/max levels set years ago, leaving both stock-outs and 2.1 M "
          "of slow-moving stock.",
          "Slow-moving stock value", 2100000, 1400000, "EUR", ("DATA", "ERP"), "L"),
        T("compliance", "Batch traceability at dispatch",
          "A customer recall last spring took eleven days because batch numbers are not "
          "recorded at dispatch.",
          "Days to trace a batch to customers", 11, 1, "days", ("ERP", "DATA"), "M"),
        T("run", "Preventive maintenance planning for the lines",
          "Line stoppages are logged on whiteboards and maintenance is planned from the shift "
          "lead's memory.",
          "Unplanned line stoppage", 120, 60, "hours per month", ("ERP", "DATA"), "M"),
        T("security", "Separate the production network from the office network",
          "Production machines share a network with office PCs; one infected laptop could stop "
          "the lines.",
          "Production devices reachable from office PCs", 180, 0, "devices", ("SEC", "INFRA"),
          "M"),
        T("growth", "Supplier portal for delivery schedules",
          "Buyers confirm delivery dates with 80 suppliers by e-mail and phone every week.",
          "Time spent chasing suppliers", 30, 8, "hours per week", ("DIGITAL", "INTEG"), "M"),
        T("run", "Replace end-of-life label printers",
          "Eight of twelve label printers are out of support and spare parts take weeks to "
          "arrive.",
          "Printers out of support", 8, 0, "printers", ("INFRA", "DESK"), "S"),
        T("transform", "Route planning for outbound deliveries",
          "Delivery routes are planned by hand each afternoon, and trucks leave 68% full on "
          "average.",
          "Average truck fill rate", 68, 82, "%", ("INTEG", "DATA"), "L"),
        T("compliance", "Monthly energy reporting per site",
          "Sustainability reporting now needs monthly energy use per site, which today comes "
          "from paper meter readings.",
          "Sites reporting energy monthly", 1, 4, "sites", ("DATA", "INTEG"), "S"),
        T("run", "Move the warehouse system to the cloud",
          "The warehouse system runs on an eight-year-old server in the plant's basement.",
          "Warehouse-system downtime", 30, 4, "hours per year", ("INFRA", "ERP"), "M"),
        T("growth", "Faster processing of customer returns",
          "Returned goods wait up to three weeks to be inspected and put back into stock.",
          "Days to restock a return", 21, 4, "days", ("ERP", "DIGITAL"), "S"),
        T("security", "Disable access badges of leavers automatically",
          "Badges of people who have left are disabled by hand, sometimes weeks late.",
          "Days to disable a leaver's badge", 12, 0, "days", ("SEC", "INTEG"), "S"),
    ),
    "CS": (
        T("transform", "Omnichannel contact centre",
          "Phone, e-mail and chat run on three tools, so agents cannot see a customer's "
          "earlier contacts.",
          "First-contact resolution", 58, 75, "%", ("DIGITAL", "INTEG", "INFRA"), "L"),
        T("growth", "Self-service order tracking",
          "A quarter of all calls are customers asking where their order is.",
          "Where-is-my-order calls", 2400, 900, "calls per month", ("DIGITAL", "INTEG"), "M"),
        T("run", "Replace the telephony platform",
          "The phone system's vendor ends support next year and outages have doubled.",
          "Telephony outage", 300, 30, "minutes per quarter", ("INFRA",), "M"),
        T("growth", "Knowledge base for customer answers",
          "New agents need three months to answer most questions because answers live in "
          "people's heads.",
          "Weeks until a new agent works alone", 12, 6, "weeks", ("DIGITAL",), "S"),
        T("compliance", "Retention rules for call recordings",
          "Call recordings are kept forever, against our own privacy policy and the "
          "regulator's guidance.",
          "Recordings kept past the retention period", 100, 0, "%", ("SEC", "INFRA"), "S"),
        T("transform", "Field-service scheduling",
          "Engineers' visits are planned in a shared calendar, and one visit in six needs a "
          "second trip.",
          "Visits needing a second trip", 17, 8, "%", ("DIGITAL", "INTEG", "DATA"), "L"),
        T("growth", "Satisfaction survey after each case",
          "We measure satisfaction once a year with a survey that 4% of customers answer.",
          "Cases with a satisfaction score", 4, 35, "%", ("DIGITAL", "DATA"), "S"),
        T("run", "Clean up case routing rules",
          "Cases bounce between queues 2.3 times on average because routing rules were never "
          "updated after the reorganisation.",
          "Queue transfers per case", 2.3, 1.1, "transfers", ("DIGITAL",), "S"),
        T("security", "Verify callers before account changes",
          "Callers can change delivery addresses after giving only a customer number; two "
          "frauds succeeded last year.",
          "Account changes without caller verification", 100, 0, "%", ("SEC", "DIGITAL"),
          "S"),
        T("growth", "Chat assistant for routine questions",
          "Agents spend a third of chat time on opening hours, invoice copies and password "
          "resets.",
          "Chats answered without an agent", 0, 30, "%", ("DIGITAL", "DATA"), "M"),
        T("transform", "Warranty claims online",
          "Warranty claims arrive as scanned forms and take 19 days to decide.",
          "Days to decide a warranty claim", 19, 5, "days", ("DIGITAL", "ERP", "INTEG"), "M"),
        T("run", "Headsets and softphones for home agents",
          "Home-working agents use personal headsets, and complaints about call quality have "
          "tripled.",
          "Call-quality complaints", 45, 10, "per month", ("DESK", "INFRA"), "S"),
        T("compliance", "Accessible customer portal",
          "The customer portal fails basic accessibility checks that the new accessibility law "
          "makes mandatory.",
          "Accessibility issues on key pages", 64, 0, "issues", ("DIGITAL",), "M"),
    ),
    "MKT": (
        T("growth", "Product information management",
          "Product texts and images are kept in five places, and the web shop shows outdated "
          "specifications for a fifth of products.",
          "Products with complete, current data", 62, 95, "%", ("DIGITAL", "INTEG", "DATA"),
          "L"),
        T("growth", "Nurture campaigns for leads not ready to buy",
          "Leads that are not ready to buy get no follow-up after the first e-mail.",
          "Marketing-qualified leads", 120, 260, "per month", ("DIGITAL", "DATA"), "M"),
        T("transform", "Website relaunch on a headless CMS",
          "Every change to the website needs an agency ticket and takes two weeks.",
          "Days to publish a page change", 14, 1, "days", ("DIGITAL", "INFRA"), "L"),
        T("compliance", "Cookie consent that meets the rules",
          "Our cookie banner sets tracking cookies before consent, which a competitor was fined "
          "for last year.",
          "Visits tracked before consent", 100, 0, "%", ("DIGITAL", "SEC"), "S"),
        T("growth", "Campaign attribution reporting",
          "We cannot tell which campaigns produce orders, so the budget is split the same way "
          "every year.",
          "Marketing spend attributed to revenue", 10, 70, "%", ("DATA",), "M"),
        T("run", "Digital asset library",
          "Designers search shared drives for the latest logo and product photos, and brand "
          "misuse is common.",
          "Time spent searching for assets", 15, 3, "hours per week", ("DIGITAL",), "S"),
        T("growth", "Customer reviews on product pages",
          "Our product pages have no reviews while competitors show hundreds.",
          "Product page conversion", 1.8, 2.6, "%", ("DIGITAL", "INTEG"), "S"),
        T("transform", "Customer segments from order history",
          "All customers receive the same newsletter regardless of what they buy.",
          "Newsletter click rate", 2.1, 4.5, "%", ("DATA", "DIGITAL"), "M"),
        T("run", "Replace the event registration tool",
          "Trade-show and webinar registrations are taken on a free form tool that cannot pass "
          "leads to the CRM.",
          "Event leads in the CRM within a day", 20, 95, "%", ("DIGITAL", "INTEG"), "S"),
        T("security", "Secure the company's social-media accounts",
          "Company social-media accounts are shared by password among nine people and "
          "agencies.",
          "Accounts with shared passwords", 9, 0, "accounts", ("SEC",), "S"),
        T("growth", "Local web shops for Poland and Czechia",
          "Sales to Poland and Czechia run through a distributor because we have no "
          "local-language shop.",
          "Online revenue in the new countries", 0, 600000, "EUR per year",
          ("DIGITAL", "ERP", "INTEG"), "L"),
        T("run", "One newsletter platform",
          "Three departments send newsletters from three tools with separate unsubscribe lists.",
          "Newsletter tools in use", 3, 1, "tools", ("DIGITAL",), "S"),
    ),
    "HR": (
        T("transform", "Onboarding from signed offer to first day",
          "New starters wait four days for a laptop and accounts, and managers chase six "
          "departments.",
          "Days until a new starter can work", 4, 0, "days", ("DESK", "INTEG", "SEC"), "M"),
        T("run", "Replace the payroll interface",
          "Payroll changes are exported to the payroll provider as a file by hand twice a "
          "month.",
          "Manual payroll corrections", 25, 3, "per month", ("INTEG", "ERP"), "M"),
        T("compliance", "Working-time recording for all staff",
          "The new working-time law requires recording hours for all staff; today only "
          "production records them.",
          "Staff with recorded working time", 40, 100, "%", ("DIGITAL", "INTEG"), "M"),
        T("growth", "Applicant tracking system",
          "Recruiters manage 1,200 applications a year in a mailbox, and good candidates "
          "accept other offers first.",
          "Days from application to offer", 38, 21, "days", ("DIGITAL", "INTEG"), "M"),
        T("security", "Remove leavers' access on their last day",
          "Accounts of leavers stay active for nine days on average after they leave.",
          "Days a leaver's account stays active", 9, 0, "days", ("SEC", "DESK", "INTEG"), "S"),
        T("transform", "Employee self-service for absence and personal data",
          "HR answers 400 e-mails a month about holiday balances and address changes.",
          "HR e-mails about routine requests", 400, 80, "per month", ("DIGITAL", "ERP"), "M"),
        T("run", "Renew the learning management system",
          "Mandatory safety training is tracked in spreadsheets and completion cannot be "
          "proven in audits.",
          "Mandatory training completion on record", 55, 98, "%", ("DIGITAL",), "S"),
        T("growth", "Skills inventory for internal moves",
          "Managers hire externally because nobody knows which employees already have the "
          "skills.",
          "Vacancies filled internally", 12, 30, "%", ("DATA", "DIGITAL"), "S"),
        T("compliance", "Pay-transparency reporting",
          "The pay-transparency directive requires gender pay-gap reports we cannot produce "
          "from current data.",
          "Days to produce the pay-gap report", 30, 2, "days", ("DATA", "SEC"), "S"),
        T("run", "Digital personnel files",
          "Personnel files are on paper in two cabinets at head office.",
          "Personnel files available digitally", 0, 100, "%", ("DIGITAL", "SEC"), "S"),
        T("transform", "Workforce planning with Finance",
          "Headcount plans and the budget are built separately and differ by 30 people every "
          "year.",
          "Gap between headcount plan and budget", 30, 3, "FTE", ("DATA", "ERP"), "M"),
        T("security", "Phishing awareness programme",
          "One employee in five clicked the last test phishing e-mail.",
          "Employees clicking test phishing", 20, 5, "%", ("SEC", "DESK"), "S"),
    ),
}
# fmt: on

# What each outcome makes possible, in the requesting unit's words: the end of the value
# statement ("Cut days to close the books from 9 to 5 days by Q3 2027, freeing ...").
SUPPORTS: dict[str, str] = {
    "Automate bank reconciliation in the ERP": (
        "freeing two controllers for analysis instead of ticking off bank lines"
    ),
    "E-invoicing for public-sector customers": (
        "keeping 3.2m EUR a year of public-sector sales that will only pay e-invoices"
    ),
    "Upgrade the ERP finance module to the supported release": (
        "so tax-rate changes and security fixes keep arriving and month-end close never runs "
        "on software nobody supports"
    ),
    "Self-service credit checks for new customers": (
        "so new customers can order the day they ask instead of buying elsewhere"
    ),
    "Rolling cash-flow forecast": "so Treasury sees a cash gap a month before it happens",
    "Early-payment discounts from suppliers": "paid for by cash we already hold",
    "Consolidated group reporting for the subsidiaries": (
        "so the board sees the quarter three days sooner"
    ),
    "Segregation of duties in supplier payments": ("closing the fraud route the auditors flagged"),
    "Partner portal for resellers": (
        "freeing inside sales for 240 more customer calls a week and supporting 30% more "
        "reseller volume"
    ),
    "Configure-price-quote for configured products": "winning deals that today go cold",
    "One CRM after the acquisition": "so both sales teams see every customer's full history",
    "Subscription billing for service contracts": "protecting 1.1m EUR of recurring revenue",
    "Web shop for spare parts": "supporting spare-parts growth without more order clerks",
    "Scanning for goods-in and picking": (
        "ending the manual rework behind wrong shipments and supporting 20% more order volume"
    ),
    "Carrier integration for same-day dispatch": "so orders placed by 2 pm leave the same day",
    "Demand forecasting for replenishment": "freeing 700k EUR of working capital",
    "Batch traceability at dispatch": "so a recall reaches the right customers within a day",
    "Preventive maintenance planning for the lines": (
        "adding 60 hours of production a month without new lines"
    ),
    "Separate the production network from the office network": (
        "so a virus on an office PC cannot stop the production lines"
    ),
    "Move the warehouse system to the cloud": "so shipping no longer stops when a server fails",
    "Omnichannel contact centre": "so customers explain their problem once",
    "Self-service order tracking": "freeing agents for the calls that need a person",
    "Replace the telephony platform": "so customers reach us when they call",
    "Field-service scheduling": "saving a technician visit on one case in ten",
    "Verify callers before account changes": "stopping account takeover by phone",
    "Product information management": (
        "so the web shop and the resellers show correct prices and specs"
    ),
    "Website relaunch on a headless CMS": "so Marketing publishes campaigns without IT tickets",
    "Onboarding from signed offer to first day": "so new starters are productive on day one",
    "Working-time recording for all staff": "meeting the legal duty before the inspectors ask",
    "Remove leavers' access on their last day": ("closing the door former staff could still open"),
    "Phishing awareness programme": "cutting the most common way attackers get in",
}
