"""The default categories of objects (each commune's ambassadors edit them)."""

from django.db import migrations

CATEGORIES = [
    "Outils",
    "Jardin",
    "Cuisine",
    "Bricolage",
    "Sport",
    "Loisirs",
    "Enfants",
    "Livres et jeux",
    "High-tech",
    "Autre",
]


def seed(apps, schema_editor):
    Category = apps.get_model("objets", "Category")
    for position, name in enumerate(CATEGORIES):
        Category.objects.get_or_create(name=name, defaults={"position": position})


def unseed(apps, schema_editor):
    apps.get_model("objets", "Category").objects.filter(name__in=CATEGORIES, items__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("objets", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
