"""An ordinary town's common categories, shown first on the new-post form.

The seed of 0002 was written during the lockdowns (medicines, carers' meals...);
it stays, folded under "Autres catégories". Missing everyday categories are
added; existing ones (by slug) are only marked common, never renamed."""

from django.db import migrations
from django.utils.text import slugify

# (name, slugs that already stand for it) in display order.
COMMON = [
    ("Loisirs et passions", []),
    ("Bricolage", []),
    ("Dons", []),
    ("Garde d'enfants", []),
    ("Aide aux devoirs", []),
    ("Courses", []),
    ("Animaux", []),
    ("Informatique", ["aide-informatique"]),
    ("Jardinage", []),
    ("Transport", []),
    ("Démarches", []),
    ("Autre", []),
]


def mark_common(apps, schema_editor):
    Category = apps.get_model("discussions", "Category")
    for position, (name, aliases) in enumerate(COMMON, start=1):
        existing = Category.objects.filter(slug__in=[slugify(name), *aliases]).first()
        if existing is None:
            existing = Category.objects.filter(name__iexact=name).first()
        if existing is None:
            Category.objects.create(
                name=name, slug=slugify(name), position=position, is_common=True
            )
        else:
            existing.is_common = True
            existing.save(update_fields=["is_common"])


def unmark(apps, schema_editor):
    apps.get_model("discussions", "Category").objects.update(is_common=False)


class Migration(migrations.Migration):
    dependencies = [("discussions", "0007_c2_category_is_common")]
    operations = [migrations.RunPython(mark_common, unmark)]
