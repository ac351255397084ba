"""Every commune starts with a home page and a "Ma ville" page (default content
of the template schema); onboarding then titles the home page with the
commune's name and sets the site's hostname."""

from django.db import migrations

HOME_INTRO = (
    "<p>Bienvenue sur le réseau des voisins de la commune : proposez et demandez "
    "des coups de main, prêtez des objets, partagez un jardin.</p>"
)
MA_VILLE_BODY = (
    "<h2>Services municipaux</h2><p>Retrouvez ici les services de la mairie, "
    "leurs contacts et leurs horaires.</p>"
)


def create_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("cms", "HomePage")
    MaVillePage = apps.get_model("cms", "MaVillePage")

    if HomePage.objects.exists():
        return
    Site.objects.all().delete()
    Page.objects.filter(depth__gt=1).delete()
    locale = Locale.objects.order_by("pk").first()
    root = Page.objects.get(depth=1)
    home_type, _ = ContentType.objects.get_or_create(app_label="cms", model="homepage")
    ma_ville_type, _ = ContentType.objects.get_or_create(app_label="cms", model="mavillepage")
    home = HomePage.objects.create(
        title="Accueil", draft_title="Accueil", slug="accueil", content_type=home_type,
        path=f"{root.path}0001", depth=2, numchild=1, url_path="/accueil/", locale=locale,
        intro=HOME_INTRO, live=True,
    )
    MaVillePage.objects.create(
        title="Ma ville", draft_title="Ma ville", slug="ma-ville", content_type=ma_ville_type,
        path=f"{home.path}0001", depth=3, numchild=0, url_path="/accueil/ma-ville/",
        locale=locale, body=MA_VILLE_BODY, live=True,
    )
    root.numchild = 1
    root.save(update_fields=["numchild"])
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                        site_name="Réseau")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
