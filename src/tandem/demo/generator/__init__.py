"""The demo company as plain data: deterministic for a seed, independent of Django."""

from tandem.demo.generator.catalogue import COMPANY, DEMO_PASSWORD, EMAIL_DOMAIN
from tandem.demo.generator.company import DEMO_USERS, SIZES, company_generate
from tandem.demo.generator.specs import Company

__all__ = [
    "COMPANY",
    "DEMO_PASSWORD",
    "DEMO_USERS",
    "EMAIL_DOMAIN",
    "SIZES",
    "Company",
    "company_generate",
]
