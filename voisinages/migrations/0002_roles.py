"""The commune's roles as groups, with their permissions (default content that
every commune gets from the template schema)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "resident": [],
    "voisin_solidaire": [],
    "ambassador": ["manage_members"],
    "mediator": ["act_as_mediator"],
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="voisinages", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("voisinages", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
