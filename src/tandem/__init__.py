"""Tandem: one shared plan for a company's business leaders and its IT department."""

__version__ = "0.1.0"
