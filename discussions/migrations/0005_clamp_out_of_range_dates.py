"""Rows stored before dates were bounded: move them inside what the next
migration's constraints allow (socle.dates.clamp_rows)."""

from django.db import migrations

from socle.dates import clamp_rows


def clamp(apps, schema_editor):
    Post = apps.get_model("discussions", "Post")
    for field in ("event_starts_at", "ride_departs_at"):
        clamp_rows(Post.objects.all(), field, moment=True)


class Migration(migrations.Migration):
    dependencies = [("discussions", "0004_post_counters")]

    operations = [migrations.RunPython(clamp, migrations.RunPython.noop)]
