"""What the platform's communes app brings (see socle/registry.py)."""

from socle import registry

# Its links to accounts (who reviewed a request, who asked for an export) are
# platform staff, accounts of the public schema, not a resident's data.
registry.no_resident_data("tenants", "platform staff only")
