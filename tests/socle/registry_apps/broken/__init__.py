"""An app whose contributions.py fails to import."""
