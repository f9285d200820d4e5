"""Fixed ingredients of the demo company: functions, IT teams, goals, names and phrases."""

from __future__ import annotations

from typing import NamedTuple

COMPANY = "Brightwater Components"
EMAIL_DOMAIN = "brightwater.example"
DEMO_PASSWORD = "tandem-demo"  # noqa: S105 - the published password of the demo users


class Function(NamedTuple):
    """A business function; the large company splits some functions by region."""

    family: str
    name: str
    code: str
    description: str
    headcount: int
    weight: int  # share of the initiatives it requests


FUNCTIONS = (
    Function("FIN", "Finance", "FIN", "Accounting, controlling, treasury and purchasing.", 60, 15),
    Function("SAL", "Sales", "SAL", "Field sales, inside sales and the reseller channel.", 150, 17),
    Function(
        "OPS",
        "Operations",
        "OPS",
        "Production, warehouse and outbound logistics at two sites.",
        200,
        18,
    ),
    Function(
        "CS",
        "Customer Service",
        "CS",
        "Contact centre, field service and warranty handling.",
        110,
        15,
    ),
    Function(
        "MKT",
        "Marketing",
        "MKT",
        "Brand, product information, web shop content and campaigns.",
        50,
        13,
    ),
    Function("HR", "HR", "HR", "Recruiting, payroll, learning and employee services.", 30, 12),
)
# In the large company these functions are split into regional units.
REGIONAL_FAMILIES = ("SAL", "OPS", "CS")
REGIONS = (("EMEA", "EMEA"), ("Americas", "AMER"), ("Asia-Pacific", "APAC"))


class TeamKind(NamedTuple):
    """An IT team family: its name, what it does, its usual size and its skills."""

    family: str
    name: str
    description: str
    size: int
    skills: tuple[str, ...]


TEAM_KINDS = (
    TeamKind(
        "INFRA",
        "Infrastructure & Cloud",
        "Networks, servers, cloud subscriptions, backup and the sites' technical rooms.",
        8,
        ("Azure", "AWS", "VMware", "Networking", "Windows Server", "Linux", "Backup", "Terraform"),
    ),
    TeamKind(
        "DESK",
        "Service Desk",
        "First- and second-line support, laptops, phones and the joiner-mover-leaver process.",
        9,
        ("ITIL", "Microsoft 365", "Intune", "Hardware", "Telephony", "Customer service"),
    ),
    TeamKind(
        "ERP",
        "ERP & Finance Systems",
        "The ERP (finance, purchasing, warehouse, production) and its reporting.",
        7,
        (
            "SAP S/4HANA",
            "ABAP",
            "Finance processes",
            "Logistics processes",
            "SAP FI/CO",
            "Reporting",
        ),
    ),
    TeamKind(
        "DIGITAL",
        "Digital & E-commerce",
        "Web shop, customer and partner portals, CRM and marketing tools.",
        7,
        ("Shopware", "React", "TypeScript", "UX design", "Salesforce", "CMS"),
    ),
    TeamKind(
        "DATA",
        "Data & Analytics",
        "The data warehouse, dashboards, forecasts and data quality.",
        6,
        ("SQL", "Power BI", "Python", "dbt", "Data modelling", "Forecasting"),
    ),
    TeamKind(
        "SEC",
        "Security & Compliance",
        "Identity and access, security monitoring, ISO 27001 and data protection.",
        4,
        ("Identity & access", "SIEM", "ISO 27001", "GDPR", "Vulnerability management"),
    ),
    TeamKind(
        "INTEG",
        "Integration & Platforms",
        "Interfaces between systems, EDI with customers and suppliers, the API platform.",
        4,
        ("APIs", "Middleware", "EDI", "Kafka", "Java", "Azure Integration Services"),
    ),
)
# In the large company every team family has one team per site.
SITES = (
    "Leeds",
    "Lyon",
    "Hamburg",
    "Rotterdam",
    "Porto",
    "Krakow",
    "Chicago",
    "Monterrey",
    "Singapore",
    "Sydney",
)

GOALS: dict[str, tuple[tuple[str, str], ...]] = {
    "FIN": (
        (
            "Close the books in five days",
            "Cut the month-end close from nine to five working days so management sees the "
            "results a week earlier.",
        ),
        (
            "Pass the audit without findings on payments",
            "No audit findings on payments or journals, and no single person able to both create "
            "and pay a supplier.",
        ),
        (
            "Free up 3 M of working capital",
            "Collect earlier, pay smarter and hold less stock, so the business can fund growth "
            "without new debt.",
        ),
    ),
    "SAL": (
        (
            "Grow recurring revenue by 15%",
            "Move customers to service contracts and subscriptions so that next year starts with "
            "a fuller order book.",
        ),
        (
            "Make ordering effortless for resellers",
            "Resellers order, check stock and track deliveries themselves, any time of day.",
        ),
        (
            "Win 40 new mid-market accounts",
            "Focus field sales on mid-market manufacturers, with better leads and faster quotes.",
        ),
    ),
    "OPS": (
        (
            "Ship 98% of orders on time",
            "Every order leaves on the promised day, with accurate stock and planned routes.",
        ),
        (
            "Cut slow-moving stock by a third",
            "Replenish from forecasts rather than fixed levels and clear stock nobody buys.",
        ),
        (
            "Keep the lines running",
            "Halve unplanned production stoppages through planned maintenance and a safer "
            "production network.",
        ),
    ),
    "CS": (
        (
            "Resolve most requests at first contact",
            "Agents see the whole customer history in one place and resolve three requests in "
            "four without a call-back.",
        ),
        (
            "Raise customer satisfaction to 8 out of 10",
            "Measure satisfaction after every case and remove the top reasons for complaints.",
        ),
    ),
    "MKT": (
        (
            "Grow online revenue by 30%",
            "Sell more through the web shop with complete product data, local shops and "
            "campaigns that target the right customers.",
        ),
        (
            "One source of truth for product data",
            "Product texts, images and specifications maintained once and published everywhere.",
        ),
    ),
    "HR": (
        (
            "Hire faster than our competitors",
            "Cut the time from application to offer to three weeks for every open position.",
        ),
        (
            "A good first week for every new starter",
            "New starters have their laptop, accounts and training plan on their first morning.",
        ),
        (
            "Meet the new working-time and pay-transparency rules",
            "Record working time for all staff and publish the gender pay gap on time.",
        ),
    ),
}

FIRST_NAMES = (
    "Anna",
    "Ben",
    "Clara",
    "David",
    "Elena",
    "Felix",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Katrin",
    "Lars",
    "Maria",
    "Nils",
    "Olivia",
    "Pablo",
    "Quentin",
    "Rosa",
    "Stefan",
    "Tara",
    "Ugo",
    "Vera",
    "Wim",
    "Yasmin",
    "Zoe",
    "Aisha",
    "Bruno",
    "Chloe",
    "Daniel",
    "Emma",
    "Farid",
    "Giulia",
    "Henrik",
    "Isabel",
    "Jan",
    "Karim",
    "Lena",
    "Marco",
    "Nadia",
    "Oskar",
    "Priya",
    "Rafael",
    "Sofia",
    "Tomas",
    "Lucia",
    "Viktor",
    "Hannah",
    "Leon",
    "Mia",
    "Noah",
    "Amelie",
    "Erik",
    "Fatima",
    "Gabriel",
    "Helena",
    "Ivan",
    "Julia",
    "Kofi",
    "Laura",
    "Mateo",
)
LAST_NAMES = (
    "Andersen",
    "Bauer",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Hansen",
    "Ibrahim",
    "Jansen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quinn",
    "Rossi",
    "Schmidt",
    "Torres",
    "Ulrich",
    "Visser",
    "Weber",
    "Yilmaz",
    "Zimmermann",
    "Almeida",
    "Becker",
    "Carter",
    "De Vries",
    "Evans",
    "Ferreira",
    "Gruber",
    "Hughes",
    "Iversen",
    "Jovanovic",
    "Keller",
    "Larsen",
    "Martin",
    "Nielsen",
    "O'Brien",
    "Peters",
    "Richter",
    "Santos",
    "Thomas",
    "Vogel",
    "Walsh",
    "Wagner",
    "Koch",
    "Lopez",
    "Meyer",
    "Nowak",
    "Olsen",
    "Patel",
    "Reyes",
    "Silva",
    "Tanaka",
    "Varga",
    "Wood",
    "Young",
    "Brennan",
)

GREEN_NOTES = (  # in the order a project reaches them
    "requirements signed off by the business",
    "design agreed with the key users",
    "test environment ready",
    "interfaces tested end to end",
    "first data-migration rehearsal passed",
    "training material drafted",
    "user acceptance testing started",
    "cut-over plan agreed",
    "pilot group live",
)
AMBER_NOTES = (
    "the supplier's interface specification is two weeks late",
    "two key users are on holiday during testing",
    "the team is also needed for month-end support",
    "data quality in the old system is worse than expected",
    "the licence order is still waiting for approval",
)
MITIGATIONS = (
    "an extra test cycle is planned",
    "the first release has a smaller scope",
    "the business has agreed a backfill for the key users",
    "the vendor has added a consultant",
)
RED_DECISIONS = (
    "moving the go-live date",
    "funding an external contractor",
    "dropping the reporting part from the first release",
)
SCOPE_REASONS = (
    ("Added the Benelux entities at the sponsor's request.", 1),
    ("Reporting moved to a later release to hold the go-live date.", -1),
    ("Extra data-migration cycle after the first rehearsal failed.", 1),
    ("Included the second warehouse after the site review.", 1),
    ("Dropped the mobile app; the web version covers the need.", -1),
    ("Added single sign-on after the security review.", 1),
    ("Archive migration left out; the old system stays read-only for two years.", -1),
)
DEPENDENCY_NOTES = {
    "INTEG": "Needs the interfaces this work delivers.",
    "ERP": "Must go live on the same ERP release first.",
    "DATA": "Reuses the data model built here.",
    "INFRA": "Needs the infrastructure put in place here.",
    "DIGITAL": "Builds on the web platform delivered here.",
    "SEC": "Needs the access controls introduced here.",
    "DESK": "Needs this rollout to finish first.",
}
FEASIBLE_NOTES = (
    "Fits our current platforms; no new licences needed.",
    "Standard functionality of the ERP release we run.",
    "Can reuse the integration platform and the existing data warehouse.",
)
CONDITIONAL_NOTES = (
    "Feasible if the vendor's new API version is available by the planned start.",
    "Feasible once the ERP upgrade is live; starting earlier doubles the effort.",
    "Feasible with one external developer for three months.",
    "Feasible if the business provides two key users for testing half-time.",
)
NOT_FEASIBLE_NOTES = (
    "Needs a platform we do not run; the licence alone exceeds the budget.",
    "The current ERP release cannot do this; revisit after the upgrade.",
)
