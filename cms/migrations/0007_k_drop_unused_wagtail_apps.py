"""Wagtail's form pages and embeds are not used by Réseau: their apps left
INSTALLED_APPS, and this drops what they had put in every commune's schema
(14 relations of ~760: tables, indexes, sequences, TOAST), their migration
rows and their content types with their permissions. A commune cloned or
migrated afresh never had them: everything here is IF EXISTS."""

from django.db import migrations

APPS = ("wagtailforms", "wagtailembeds")


def forget_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    stale = ContentType.objects.filter(app_label__in=APPS)
    Permission.objects.filter(content_type__in=stale).delete()
    stale.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_home_newest_posts"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunSQL(
            "DROP TABLE IF EXISTS wagtailforms_formsubmission, wagtailembeds_embed CASCADE;"
            " DELETE FROM django_migrations WHERE app IN ('wagtailforms', 'wagtailembeds');",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.RunPython(forget_content_types, migrations.RunPython.noop),
    ]
