"""The page tree every commune starts with, and who may edit it (default content
of the template schema, which new communes are cloned from):

    Accueil ── Ma ville (services, contacts, horaires)
             │   ├── Demander de l'aide                        (confidential form)
             │   └── Signaler une personne isolée ou vulnérable (confidential form)
             ├── Actualités
             ├── Agenda
             └── Associations

Groups: the ambassadors and the town's editors get the Wagtail admin and page
permissions on the home page (so on the whole site), and may add images and
documents; mediators get nothing here (their confidential requests are not
Wagtail content)."""

import uuid

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

HOME_BODY = [
    {"type": "latest_news", "value": {"title": "Dernières actualités", "count": 3}},
    {"type": "upcoming_events", "value": {"title": "Prochains événements", "count": 3}},
    {
        "type": "join",
        "value": {
            "title": "Rejoignez vos voisins",
            "text": "Un coup de main à donner ou à demander, une perceuse à prêter, un "
            "potager à partager : l'inscription est gratuite et réservée aux habitants.",
            "button": "Je m'inscris",
        },
    },
]

MA_VILLE_INTRO = "<p>Les services de la mairie, leurs contacts et leurs horaires.</p>"
MA_VILLE_BODY = [
    {
        "type": "service",
        "value": {
            "name": "Accueil et état civil",
            "description": "<p>Actes de naissance, de mariage et de décès, recensement "
            "citoyen, inscription sur les listes électorales.</p>",
        },
    },
    {
        "type": "service",
        "value": {
            "name": "Centre communal d'action sociale (CCAS)",
            "description": "<p>Aide aux personnes âgées, isolées ou en difficulté, "
            "portage de repas, aides ponctuelles. Les demandes sont confidentielles.</p>",
        },
    },
    {
        "type": "contact",
        "value": {"name": "Mairie", "phone": "", "email": "", "address": "Place de la Mairie"},
    },
    {
        "type": "opening_hours",
        "value": {
            "place": "Mairie",
            "slots": [
                {"days": "Du lundi au vendredi", "hours": "8h30 – 12h00, 13h30 – 17h30"},
                {"days": "Samedi", "hours": "9h00 – 12h00"},
            ],
        },
    },
]

CONFIDENTIAL_PAGES = [
    (
        "help",
        "Demander de l'aide",
        "demander-de-l-aide",
        "<p>Vous traversez une période difficile et préférez ne pas le dire sur le "
        "fil ? Écrivez aux médiateurs de la mairie : votre message ne sera ni publié "
        "ni lu par d'autres habitants.</p>",
    ),
    (
        "vulnerable",
        "Signaler une personne isolée ou vulnérable",
        "signaler-une-personne-isolee",
        "<p>Un voisin âgé que l'on ne voit plus, une personne seule pendant une "
        "canicule ? Prévenez les médiateurs de la mairie, qui prendront contact avec "
        "elle en toute discrétion.</p>",
    ),
]
THANKS = (
    "<p>Merci. Un médiateur de la mairie vous recontactera rapidement. En cas "
    "d'urgence, appelez le 15 (SAMU) ou le 112.</p>"
)

SITE_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
AMBASSADOR_EXTRA = ["bulk_delete_page"]
MEDIA_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}


def stream(blocks):
    return [{**block, "id": str(uuid.uuid4())} for block in blocks]


def create_tree(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("cms", "HomePage")
    MaVillePage = apps.get_model("cms", "MaVillePage")
    home = HomePage.objects.filter(depth=2).first()
    if home is None or apps.get_model("cms", "NewsIndexPage").objects.exists():
        return

    def add_child(parent_pk, model_name, **fields):
        parent = Page.objects.get(pk=parent_pk)
        model = apps.get_model("cms", model_name)
        number = parent.numchild + 1
        step = ""
        while number or len(step) < 4:
            number, digit = divmod(number, 36)
            step = ALPHABET[digit] + step
        content_type, _ = ContentType.objects.get_or_create(
            app_label="cms", model=model_name.lower()
        )
        page = model.objects.create(
            path=parent.path + step[-4:],
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{fields['slug']}/",
            draft_title=fields["title"],
            content_type=content_type,
            locale_id=parent.locale_id,
            live=True,
            **fields,
        )
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + 1)
        return page

    HomePage.objects.filter(pk=home.pk).update(body=stream(HOME_BODY))
    MaVillePage.objects.filter(depth=3).update(intro=MA_VILLE_INTRO, body=stream(MA_VILLE_BODY))
    ma_ville = MaVillePage.objects.filter(depth=3).first()
    if ma_ville is not None:
        for kind, title, slug, intro in CONFIDENTIAL_PAGES:
            add_child(
                ma_ville.pk, "ConfidentialFormPage",
                title=title, slug=slug, kind=kind, intro=intro, thanks=THANKS,
            )
    add_child(
        home.pk, "NewsIndexPage", title="Actualités", slug="actualites",
        intro="<p>Les nouvelles de la commune et de ses associations.</p>",
    )
    add_child(
        home.pk, "EventIndexPage", title="Agenda", slug="agenda",
        intro="<p>Fêtes, réunions de quartier, ateliers : ce qui se passe près de chez vous.</p>",
    )
    add_child(
        home.pk, "AssociationIndexPage", title="Associations", slug="associations",
        intro="<p>Les associations de la commune, leurs activités et leurs contacts.</p>",
    )


def grant_permissions(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    home = Page.objects.filter(depth=2).first()
    root_collection = Collection.objects.filter(depth=1).first()
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for name, page_codenames in (
        ("ambassador", SITE_PAGE_PERMISSIONS + AMBASSADOR_EXTRA),
        ("editor", SITE_PAGE_PERMISSIONS),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        if home is not None:
            for permission in Permission.objects.filter(
                content_type__app_label="wagtailcore", codename__in=page_codenames
            ):
                GroupPagePermission.objects.get_or_create(
                    group=group, page=home, permission=permission
                )
        if root_collection is not None:
            for app_label, codenames in MEDIA_PERMISSIONS.items():
                for permission in Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                ):
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_pages_tree"),
        ("voisinages", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(create_tree, migrations.RunPython.noop),
        migrations.RunPython(grant_permissions, migrations.RunPython.noop),
    ]
