"""kith: contact exports in, a deduplicated and tagged network out."""

__version__ = "0.1.0"
