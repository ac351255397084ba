"""Extensions and the French accent-insensitive text-search configuration live
in the public schema, created once: a tenant migration would put `unaccent` in
the first tenant's schema and break the next one, and clones do not copy
text-search configurations (docs/ARCHITECTURE.md, "Tenancy")."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace
        WHERE c.cfgname = 'fr_unaccent' AND n.nspname = 'public'
    ) THEN
        CREATE TEXT SEARCH CONFIGURATION public.fr_unaccent (COPY = pg_catalog.french);
        ALTER TEXT SEARCH CONFIGURATION public.fr_unaccent
            ALTER MAPPING FOR hword, hword_part, word
            WITH public.unaccent, pg_catalog.french_stem;
    END IF;
END
$$;
"""

DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS public.fr_unaccent;"


class Migration(migrations.Migration):
    dependencies = [("tenants", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
