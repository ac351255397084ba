"""Rows stored before dates were bounded: move them inside what the next
migration's constraints allow (socle.dates.clamp_rows)."""

from django.db import migrations

from socle.dates import clamp_rows


def clamp(apps, schema_editor):
    for model in ("Loan", "Blackout"):
        rows = apps.get_model("objets", model).objects.all()
        for field in ("starts_on", "ends_on"):
            clamp_rows(rows, field, moment=False)


class Migration(migrations.Migration):
    dependencies = [("objets", "0003_item_search_vector")]

    operations = [migrations.RunPython(clamp, migrations.RunPython.noop)]
