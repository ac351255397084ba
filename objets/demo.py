"""Demo objects, loans in every state and reviews (different per commune)."""

from datetime import timedelta

from django.utils import timezone

from objets.models import Blackout, Category, Item, Loan, Review

S = Loan.Status

CATALOGUE = {
    "puteaux": [
        (
            "habitant1",
            "Perceuse à percussion Bosch",
            "Outils",
            "Avec un jeu de forets béton et bois. Idéale pour accrocher des étagères.",
            ["perceuse", "béton"],
            3,
            20,
        ),
        (
            "habitant2",
            "Escabeau 5 marches",
            "Bricolage",
            "Escabeau alu léger, tient dans un ascenseur.",
            ["échelle"],
            4,
            None,
        ),
        (
            "habitant3",
            "Appareil à raclette 8 personnes",
            "Cuisine",
            "Avec les poêlons et la pierre à griller.",
            ["raclette", "fête"],
            3,
            None,
        ),
        (
            "habitant4",
            "Tente 4 places Quechua",
            "Loisirs",
            "Tente à montage rapide, utilisée deux étés.",
            ["camping"],
            14,
            30,
        ),
        (
            "habitant5",
            "Poussette canne",
            "Enfants",
            "Légère, pratique pour le métro et les vacances.",
            ["bébé"],
            10,
            None,
        ),
        (
            "habitant1",
            "Nettoyeur haute pression Kärcher",
            "Jardin",
            "Parfait pour le balcon et les vélos.",
            ["balcon", "nettoyage"],
            2,
            40,
        ),
        (
            "habitant2",
            "Vidéoprojecteur Full HD",
            "High-tech",
            "Avec câble HDMI, pour les soirées foot ou cinéma dans la cour.",
            ["cinéma"],
            3,
            50,
        ),
        (
            "habitant3",
            "Jeux de société : Dixit, Carcassonne, Azul",
            "Livres et jeux",
            "Les trois boîtes sont complètes.",
            ["jeux"],
            14,
            None,
        ),
    ],
    "moulins": [
        (
            "habitant1",
            "Tondeuse thermique",
            "Jardin",
            "Tondeuse autotractée, bac de 60 L. Essence non fournie.",
            ["pelouse"],
            2,
            50,
        ),
        (
            "habitant2",
            "Scie sauteuse Makita",
            "Outils",
            "Lames bois et métal fournies.",
            ["scie"],
            4,
            20,
        ),
        (
            "habitant3",
            "Machine à pain",
            "Cuisine",
            "Avec le livret de recettes de la boulangère du marché.",
            ["pain"],
            7,
            None,
        ),
        (
            "habitant4",
            "Vélo enfant 16 pouces",
            "Sport",
            "Avec petites roues amovibles, pour 4 à 6 ans.",
            ["vélo", "enfant"],
            14,
            None,
        ),
        (
            "habitant5",
            "Remorque de vélo",
            "Sport",
            "Deux places, pratique pour le marché de la place d'Allier.",
            ["vélo"],
            7,
            30,
        ),
        (
            "habitant1",
            "Broyeur de végétaux",
            "Jardin",
            "Pour les branches jusqu'à 4 cm après la taille des haies.",
            ["taille", "compost"],
            2,
            60,
        ),
        (
            "habitant2",
            "Caisse à outils complète",
            "Bricolage",
            "Marteau, tournevis, clés, niveau, mètre.",
            ["dépannage"],
            7,
            None,
        ),
        (
            "habitant3",
            "Intégrale des Astérix",
            "Livres et jeux",
            "38 albums, à lire en famille.",
            ["bd"],
            21,
            None,
        ),
    ],
}

REVIEWS = {
    "puteaux": [
        (5, "Perceuse impeccable, et Lucie m'a même montré comment changer les forets."),
        (4, "Très bien, rendu propre et à l'heure."),
    ],
    "moulins": [
        (5, "Tondeuse en parfait état, merci beaucoup !"),
        (5, "Rendu nettoyé, je prête à nouveau avec plaisir."),
    ],
}


def seed(*, commune, residents):
    today = timezone.localdate()
    categories = {c.name: c for c in Category.objects.all()}
    items = []
    for index, (owner, title, category, description, tags, max_days, deposit) in enumerate(
        CATALOGUE.get(commune.slug, CATALOGUE["puteaux"])
    ):
        person = residents[owner]
        item = Item.objects.create(
            title=title,
            description=description,
            category=categories.get(category) or categories["Autre"],
            max_loan_days=max_days,
            suggested_deposit=deposit,
            quartier=person.quartier,
            owner=person,
            created_by=person,
            created_at=timezone.now() - timedelta(days=30 - index),
        )
        item.tags.set(tags)
        items.append(item)

    def loan(item, borrower, start, days, status, **extra):
        return Loan.objects.create(
            item=item,
            borrower=residents[borrower],
            lender=item.owner,
            starts_on=today + timedelta(days=start),
            ends_on=today + timedelta(days=start + days - 1),
            status=status,
            **extra,
        )

    now = timezone.now()
    done = loan(
        items[0],
        "habitant2",
        -20,
        2,
        S.COMPLETED,
        message="Bonjour, c'est pour poser des étagères ce week-end.",
        lender_handover_at=now - timedelta(days=20),
        borrower_handover_at=now - timedelta(days=20),
        returned_at=now - timedelta(days=18),
        return_confirmed_at=now - timedelta(days=18),
        return_note="Rendu en parfait état.",
    )
    first, second = REVIEWS.get(commune.slug, REVIEWS["puteaux"])
    Review.objects.create(
        loan=done, author=done.borrower, subject=done.lender, rating=first[0], comment=first[1]
    )
    Review.objects.create(
        loan=done, author=done.lender, subject=done.borrower, rating=second[0], comment=second[1]
    )
    loan(items[0], "habitant3", 3, 2, S.REQUESTED, message="Je peux passer le prendre le soir ?")
    loan(items[1], "habitant1", 1, 2, S.ACCEPTED, message="Pour repeindre le plafond.")
    loan(
        items[2],
        "habitant4",
        -2,
        3,
        S.ONGOING,
        lender_handover_at=now - timedelta(days=2),
        borrower_handover_at=now - timedelta(days=2),
    )
    loan(
        items[3],
        "habitant5",
        -6,
        5,
        S.RETURNED,
        lender_handover_at=now - timedelta(days=6),
        borrower_handover_at=now - timedelta(days=6),
        returned_at=now - timedelta(hours=20),
    )
    loan(
        items[4],
        "habitant2",
        5,
        3,
        S.DECLINED,
        decline_reason="Désolée, nous partons en vacances avec ce week-end-là.",
    )
    loan(
        items[5],
        "habitant3",
        8,
        2,
        S.CANCELLED,
        cancelled_by=residents["habitant3"],
        cancel_reason="Finalement, mon voisin m'en prête un.",
    )
    Blackout.objects.create(
        item=items[6],
        starts_on=today + timedelta(days=10),
        ends_on=today + timedelta(days=17),
        note="En vacances",
    )
