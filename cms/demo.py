"""Demo pages of Puteaux and Moulins: news, events, three associations and the
"Ma ville" information (phone numbers in the 01/04 99 00 range reserved for fiction)."""

import datetime
import uuid

from django.utils import timezone

from cms.models import (
    AssociationIndexPage,
    AssociationPage,
    ConfidentialRequest,
    EventIndexPage,
    EventPage,
    MaVillePage,
    NewsIndexPage,
    NewsPage,
)
from cms.services import add_association_member, grant_editor

CONTENT = {
    "puteaux": {
        "ma_ville": {
            "address": "Hôtel de ville\n131 rue de la République\n92800 Puteaux",
            "phone": "01 99 00 28 00",
            "email": "accueil@mairie-puteaux.example",
            "ccas": (
                "CCAS de Puteaux",
                "01 99 00 28 40",
                "ccas@mairie-puteaux.example",
                "Maison des solidarités\n2 rue Chantecoq\n92800 Puteaux",
            ),
            "services": [
                (
                    "État civil et élections",
                    "<p>Cartes d'identité et passeports sur rendez-vous, actes d'état civil, inscription sur les listes électorales.</p>",
                ),
                (
                    "Centre communal d'action sociale (CCAS)",
                    "<p>Portage de repas, téléassistance, aide aux démarches, plan canicule : inscrivez vos proches fragiles.</p>",
                ),
                (
                    "Espace jeunesse",
                    "<p>Aide aux devoirs, job d'été, BAFA : l'espace accueille les 11–25 ans du mardi au samedi.</p>",
                ),
            ],
            "hours": [
                ("Du lundi au vendredi", "8h30 – 17h30"),
                ("Jeudi", "8h30 – 19h00"),
                ("Samedi", "9h00 – 12h00"),
            ],
        },
        "news": [
            (
                "Plan canicule : inscrivez les personnes fragiles",
                2,
                "Le registre du CCAS est ouvert tout l'été.",
                "<p>Les personnes âgées, isolées ou handicapées peuvent s'inscrire (ou être inscrites par un proche) sur le registre canicule : le CCAS les appelle en cas d'alerte.</p>",
            ),
            (
                "Travaux rue Jean-Jaurès",
                6,
                "Circulation alternée jusqu'au 15 du mois.",
                "<p>Le remplacement des canalisations se poursuit entre la place du 8-Mai-1945 et la rue Voltaire. Les bus 141 et 144 sont déviés.</p>",
            ),
            (
                "Le marché de Chantecoq fait peau neuve",
                12,
                "Nouveaux étals et horaires élargis le dimanche.",
                "<p>Après deux mois de travaux, le marché rouvre avec douze nouveaux commerçants et une halle rénovée.</p>",
            ),
        ],
        "events": [
            (
                "Fête des voisins aux Bergères",
                5,
                18,
                "Square des Bergères",
                "Rue des Bergères",
                "Apportez un plat à partager, la mairie fournit tables et chaises.",
            ),
            (
                "Atelier réparation de vélos",
                9,
                10,
                "Parvis de l'hôtel de ville",
                "131 rue de la République",
                "Des bénévoles vous aident à régler freins et dérailleurs.",
            ),
            (
                "Conseil de quartier Centre-ville",
                16,
                19,
                "Salle Chantecoq",
                "2 rue Chantecoq",
                "Ordre du jour : végétalisation des cours d'école et stationnement.",
            ),
        ],
        "associations": [
            (
                "Les Jardins partagés de Puteaux",
                "<p>Des parcelles cultivées ensemble au pied des immeubles, ouvertes à tous les habitants.</p>",
                "Sophie Garnier",
                "jardins@asso-puteaux.example",
                "06 99 00 11 22",
                [
                    ("Chantier collectif", "Samedi 10h", "Jardin des Bergères"),
                    ("Troc de graines", "1er dimanche du mois", "Jardin des Bergères"),
                ],
            ),
            (
                "Puteaux Solidarité Seniors",
                "<p>Visites de convivialité, accompagnement aux courses et ateliers numériques pour les aînés.</p>",
                "Henri Bastide",
                "seniors@asso-puteaux.example",
                "06 99 00 33 44",
                [
                    ("Atelier tablette", "Mardi 14h", "Maison des solidarités"),
                    ("Visites à domicile", "Toute la semaine", ""),
                ],
            ),
            (
                "Club de basket de l'Île",
                "<p>Basket loisir et compétition, des mini-poussins aux vétérans.</p>",
                "Yacine Mebarki",
                "contact@basket-ile.example",
                "06 99 00 55 66",
                [
                    ("Entraînement jeunes", "Mercredi 14h–16h", "Gymnase de l'Île"),
                    ("Basket loisir adultes", "Jeudi 20h", "Gymnase de l'Île"),
                ],
            ),
        ],
        "association_news": (
            "Récolte de tomates anciennes",
            "Vingt variétés goûtées au jardin des Bergères samedi dernier.",
        ),
    },
    "moulins": {
        "ma_ville": {
            "address": "Hôtel de ville\nPlace de l'Hôtel de ville\n03000 Moulins",
            "phone": "04 99 00 48 00",
            "email": "accueil@ville-moulins.example",
            "ccas": (
                "CCAS de Moulins",
                "04 99 00 48 50",
                "ccas@ville-moulins.example",
                "Centre social\n9 rue de Paris\n03000 Moulins",
            ),
            "services": [
                (
                    "Accueil et état civil",
                    "<p>Actes de naissance, mariages, recensement citoyen, cartes d'identité sur rendez-vous.</p>",
                ),
                (
                    "CCAS et maintien à domicile",
                    "<p>Aides facultatives, portage de repas, navette seniors vers le marché du mercredi.</p>",
                ),
                (
                    "Médiathèque Samuel-Paty",
                    "<p>Prêt de livres, jeux et liseuses, portage à domicile pour les lecteurs qui ne se déplacent plus.</p>",
                ),
            ],
            "hours": [
                ("Lundi au vendredi", "8h00 – 12h00, 13h30 – 17h00"),
                ("Samedi", "9h00 – 11h30 (état civil)"),
            ],
        },
        "news": [
            (
                "La navette seniors passe par les Champins",
                1,
                "Un arrêt de plus, le mercredi matin.",
                "<p>La navette gratuite qui conduit les aînés au marché dessert désormais le quartier des Champins.</p>",
            ),
            (
                "Crue de l'Allier : point de situation",
                4,
                "Le quai d'Allier reste fermé jusqu'à nouvel ordre.",
                "<p>Le niveau baisse lentement. Les riverains peuvent joindre la cellule de crise à la mairie.</p>",
            ),
            (
                "Nouveaux bacs de tri au centre historique",
                10,
                "Collecte le mardi et le vendredi.",
                "<p>Des bacs enterrés remplacent les conteneurs de la rue d'Allier et de la place d'Allier.</p>",
            ),
        ],
        "events": [
            (
                "Repas partagé à la Madeleine",
                3,
                12,
                "Salle des fêtes de la Madeleine",
                "Rue du Pont-Ginguet",
                "Chacun apporte un plat, les enfants du quartier font le dessert.",
            ),
            (
                "Balade patrimoine au centre historique",
                8,
                15,
                "Devant la cathédrale",
                "Place de la Déportation",
                "Une heure et demie à pied avec un guide bénévole, de la Mal-Coiffée au Jacquemart.",
            ),
            (
                "Bourse aux vêtements d'hiver",
                18,
                9,
                "Centre social des Champins",
                "Rue des Champins",
                "Dépôt le matin, vente l'après-midi, au profit du Secours de quartier.",
            ),
        ],
        "associations": [
            (
                "Les Amis du Jacquemart",
                "<p>Faire connaître le patrimoine de Moulins : visites, conférences, restauration de petits monuments.</p>",
                "Bernadette Aubry",
                "contact@amis-jacquemart.example",
                "06 99 00 77 88",
                [("Visite guidée", "Un samedi sur deux, 15h", "Place de l'Hôtel de ville")],
            ),
            (
                "Entraide Champins",
                "<p>Un réseau de voisins pour les courses, les petits travaux et les papiers administratifs.</p>",
                "Mourad Cherif",
                "entraide@champins.example",
                "06 99 00 99 00",
                [
                    ("Permanence papiers", "Lundi 17h–19h", "Centre social des Champins"),
                    ("Café des voisins", "Vendredi 9h", "Centre social des Champins"),
                ],
            ),
            (
                "Aviron moulinois",
                "<p>Aviron sur l'Allier, initiation dès 12 ans et sorties loisirs.</p>",
                "Pauline Régnier",
                "aviron@moulins.example",
                "06 99 00 10 20",
                [("Initiation", "Samedi 9h30", "Base nautique, quai d'Allier")],
            ),
        ],
        "association_news": (
            "Restauration de la fontaine de la place d'Allier",
            "Les bénévoles ont nettoyé et rejointoyé la vasque.",
        ),
    },
}


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _block(kind, value):
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def seed(*, commune, residents) -> None:
    content = CONTENT.get(commune.slug, CONTENT["puteaux"])
    now = timezone.now()
    today = timezone.localdate()

    info = content["ma_ville"]
    ma_ville = MaVillePage.objects.get()
    ma_ville.body = [
        *[
            _block("service", {"name": name, "description": text})
            for name, text in info["services"]
        ],
        _block(
            "contact",
            {
                "name": "Mairie",
                "phone": info["phone"],
                "email": info["email"],
                "address": info["address"],
            },
        ),
        _block(
            "contact", dict(zip(("name", "phone", "email", "address"), info["ccas"], strict=True))
        ),
        _block(
            "opening_hours",
            {
                "place": "Hôtel de ville",
                "slots": [{"days": d, "hours": h} for d, h in info["hours"]],
            },
        ),
    ]
    ma_ville.save_revision().publish()

    news_index = NewsIndexPage.objects.get()
    for title, days_ago, summary, body in content["news"]:
        _publish(
            news_index,
            NewsPage(
                title=title,
                date=today - datetime.timedelta(days=days_ago),
                summary=summary,
                body=body,
            ),
        )

    events = EventIndexPage.objects.get()
    for title, in_days, hour, place, address, summary in content["events"]:
        starts = timezone.localtime(now + datetime.timedelta(days=in_days)).replace(
            hour=hour, minute=0, second=0, microsecond=0
        )
        _publish(
            events,
            EventPage(
                title=title,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                place=place,
                address=address,
                summary=summary,
                body=f"<p>{summary}</p>",
            ),
        )

    directory = AssociationIndexPage.objects.get()
    associations = []
    for title, description, contact, email, phone, activities in content["associations"]:
        associations.append(
            _publish(
                directory,
                AssociationPage(
                    title=title,
                    description=description,
                    contact_name=contact,
                    contact_email=email,
                    contact_phone=phone,
                    search_description=description.removeprefix("<p>").removesuffix("</p>"),
                    activities=[
                        ("activity", {"name": n, "schedule": s, "place": p})
                        for n, s, p in activities
                    ],
                ),
            )
        )
    news_title, news_summary = content["association_news"]
    _publish(
        associations[0],
        NewsPage(
            title=news_title,
            summary=news_summary,
            body=f"<p>{news_summary}</p>",
            date=today - datetime.timedelta(days=3),
        ),
    )
    # habitant3 runs the first association's page; habitant2 is one of the town's editors.
    add_association_member(
        association=associations[0], resident=residents["habitant3"], actor=residents["ambassadeur"]
    )
    grant_editor(resident=residents["habitant2"], actor=residents["ambassadeur"])

    ConfidentialRequest.objects.create(
        kind="vulnerable",
        name="Voisine du 2e",
        phone="06 99 00 42 42",
        person="Monsieur âgé, seul, 4e étage sans ascenseur",
        message="On ne le voit plus descendre depuis une semaine, ses volets restent fermés.",
        created_at=now - datetime.timedelta(days=1),
    )
    ConfidentialRequest.objects.create(
        kind="help",
        name="Lucie M.",
        email=residents["habitant1"].email,
        submitted_by=residents["habitant1"],
        status=ConfidentialRequest.Status.IN_PROGRESS,
        message="Je viens de perdre mon emploi et je n'arrive plus à payer la cantine des enfants.",
        internal_note="Rendez-vous pris avec l'assistante sociale mardi.",
        created_at=now - datetime.timedelta(days=4),
    )
