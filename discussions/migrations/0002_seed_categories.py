"""The commune's starting list of categories (ambassadors edit it afterwards)."""

from django.db import migrations
from django.utils.text import slugify

CATEGORIES = [
    "Achat de médicaments",
    "Aide aux devoirs",
    "Aide à domicile",
    "Accompagnement chez le médecin",
    "Garde d'enfants",
    "Impression 3D",
    "Réparation de voiture",
    "Aide informatique",
    "Cours de musique",
    "Repas pour les soignants",
    "Matériel médical",
    "Animal chez le vétérinaire",
    "Courses",
    "Hébergement de soignants",
    "Impression de documents",
    "Jardinage",
    "Livraison de repas",
    "Prendre des nouvelles de quelqu'un",
    "Promenade d'animaux",
    "Sport",
    "Musique",
    "Livres",
    "Arts",
    "Aide au déménagement",
    "Autre",
]


def seed(apps, schema_editor):
    Category = apps.get_model("discussions", "Category")
    for position, name in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "position": position * 10}
        )


def unseed(apps, schema_editor):
    apps.get_model("discussions", "Category").objects.filter(
        slug__in=[slugify(n) for n in CATEGORIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("discussions", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
