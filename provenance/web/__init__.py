"""The read-only local web view of a store (``provenance serve``): Starlette routes over ``provenance.api``."""
