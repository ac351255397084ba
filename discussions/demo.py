"""A lively feed for the demo communes (different content for each)."""

from datetime import timedelta

from django.utils import timezone

from discussions.models import Category, Post
from discussions.services import (
    add_comment,
    add_offered_service,
    answer_seat_request,
    pin_post,
    publish_post,
    report_content,
    request_seat,
    toggle_reaction,
)
from discussions.services import help as help_services
from discussions.services import messages as conversations
from discussions.services.moderation import add_watched_word
from voisinages import roles
from voisinages.services import grant_role

# (author key, kind, title, body, categories, tags, extra)
FEEDS = {
    "puteaux": [
        (
            "ambassadeur",
            "alerte",
            "Coupure d'eau rue Jean-Jaurès jeudi matin",
            "Veolia intervient de 8 h à 12 h. Pensez à remplir quelques bouteilles !",
            [],
            ["eau"],
            {},
        ),
        (
            "habitant1",
            "evenement",
            "Fête des voisins de la Cité-Jardins",
            "On installe les tables dans le square à partir de 18 h. Chacun apporte un plat "
            "ou une boisson, **les enfants sont les bienvenus**.",
            ["musique"],
            ["fête", "voisins"],
            {"event_days": 12, "event_place": "Square de la Cité-Jardins", "is_public": True},
        ),
        (
            "habitant2",
            "offre",
            "Je donne un vélo enfant 16 pouces",
            "Bon état, petites rayures. À venir chercher près du marché.",
            ["sport"],
            ["vélo"],
            {},
        ),
        (
            "habitant3",
            "demande",
            "Besoin d'aide pour installer une imprimante",
            "Ma nouvelle imprimante ne veut pas se connecter au wifi.",
            ["aide-informatique", "impression-de-documents"],
            ["informatique"],
            {},
        ),
        (
            "habitant4",
            "perdu",
            "J'ai perdu le doudou de ma fille",
            "Un lapin bleu, sans doute près de l'école Marius-Jacotot. Merci !",
            [],
            ["doudou"],
            {},
        ),
        (
            "habitant5",
            "covoiturage",
            "Covoiturage vers Orly dimanche",
            "Deux places, départ tôt.",
            [],
            [],
            {
                "ride_from": "Puteaux, Esplanade",
                "ride_to": "Aéroport d'Orly",
                "ride_days": 5,
                "ride_seats": 2,
            },
        ),
        (
            "habitant1",
            "recommandation",
            "Une super cordonnière rue de la République",
            "Rapide, soigneuse et pas chère.",
            [],
            ["artisan"],
            {},
        ),
        (
            "mediateur",
            "demande",
            "Courses pour une voisine âgée le mardi",
            "Une habitante du quartier Bergères cherche quelqu'un pour ses courses du mardi.",
            ["courses"],
            [],
            {"on_behalf": True},
        ),
        (
            "habitant2",
            "discussion",
            "Qui connaît un bon coin pour courir le long de la Seine ?",
            "",
            ["sport"],
            ["course"],
            {},
        ),
    ],
    "moulins": [
        (
            "ambassadeur",
            "alerte",
            "Crue de l'Allier : quais fermés ce week-end",
            "Par précaution la mairie ferme les quais. Suivez les consignes.",
            [],
            ["crue"],
            {},
        ),
        (
            "habitant1",
            "evenement",
            "Vide-grenier du quartier des Champins",
            "Inscriptions à la maison de quartier, 5 € l'emplacement.",
            ["livres", "arts"],
            ["brocante"],
            {"event_days": 20, "event_place": "Place des Champins", "is_public": True},
        ),
        (
            "habitant2",
            "offre",
            "Cours de guitare pour débutants",
            "Prof retraité, je donne des cours le mercredi après-midi.",
            ["cours-de-musique", "musique"],
            ["guitare"],
            {},
        ),
        (
            "habitant3",
            "demande",
            "Quelqu'un pour promener mon chien pendant mon hospitalisation ?",
            "Un labrador très gentil, une semaine en mars.",
            ["promenade-danimaux"],
            ["chien"],
            {},
        ),
        (
            "habitant4",
            "trouve",
            "Trouvé un trousseau de clés cours de Bercy",
            "Avec un porte-clés rouge. Je l'ai déposé à l'accueil de la mairie.",
            [],
            ["clés"],
            {},
        ),
        (
            "habitant5",
            "recommandation",
            "Le marché couvert le vendredi",
            "Les producteurs de la Sologne bourbonnaise, un régal.",
            [],
            ["marché"],
            {},
        ),
        (
            "mediateur",
            "offre",
            "Un monsieur propose de réparer les vélos",
            "Ancien mécanicien, il passe par la mairie le jeudi.",
            ["autre"],
            ["vélo"],
            {"on_behalf": True},
        ),
        (
            "habitant1",
            "discussion",
            "Qui veut lancer un club de lecture ?",
            "On pourrait se retrouver à la médiathèque une fois par mois.",
            ["livres"],
            [],
            {},
        ),
    ],
}


# (post index, reaction, resident key)
REACTIONS = [
    (0, "merci", "habitant1"),
    (0, "merci", "habitant2"),
    (0, "merci", "habitant3"),
    (0, "merci", "habitant4"),
    (1, "interesse", "habitant2"),
    (1, "interesse", "habitant3"),
    (1, "interesse", "habitant4"),
    (1, "merci", "habitant5"),
    (2, "interesse", "habitant5"),
    (3, "merci", "habitant4"),
    (4, "merci", "habitant3"),
    (4, "interesse", "habitant1"),
]

# Helpers' offered services (the concierge case): (resident key, category slug, rate, availability).
OFFERED_SERVICES = [
    ("habitant2", "aide-informatique", "gratuit", "le soir après 18 h"),
    ("habitant2", "impression-de-documents", "10 centimes la page", "en semaine"),
    ("habitant1", "jardinage", "12 € de l'heure", "le samedi matin"),
    ("habitant1", "promenade-danimaux", "à discuter", "le week-end"),
    ("habitant4", "aide-aux-devoirs", "gratuit", "mercredi après-midi"),
    ("habitant5", "aide-au-demenagement", "un café suffit", "sur rendez-vous"),
]


def seed_offered_services(*, residents) -> None:
    categories = {c.slug: c for c in Category.objects.filter(is_active=True)}
    for key, slug, rate, availability in OFFERED_SERVICES:
        if key in residents and slug in categories:
            add_offered_service(resident=residents[key], category=categories[slug], rate=rate,
                                availability=availability)  # fmt: skip


def seed(*, commune, residents):
    now = timezone.now()
    residents["habitant2"].is_voisin_solidaire = True
    residents["habitant2"].save(update_fields=["is_voisin_solidaire"])
    residents["habitant2"].skills.add("informatique", "bricolage")
    grant_role(resident=residents["habitant2"], role=roles.VOISIN_SOLIDAIRE)
    posts = []
    for author, kind, title, body, categories, tags, extra in FEEDS.get(commune.slug, []):
        extra = dict(extra)
        if "event_days" in extra:
            extra["event_starts_at"] = now + timedelta(days=extra.pop("event_days"), hours=2)
        if "ride_days" in extra:
            extra["ride_departs_at"] = now + timedelta(days=extra.pop("ride_days"), hours=1)
        posts.append(
            publish_post(
                author=residents[author],
                kind=kind,
                title=title,
                body=body,
                categories=categories,
                tags=tags,
                **extra,
            )  # fmt: skip
        )
    seed_offered_services(residents=residents)
    if not posts:
        return
    # Rides: one passenger accepted, one waiting for the driver's answer.
    for ride in (p for p in posts if p.kind == Post.Kind.COVOITURAGE):
        others = [r for k, r in sorted(residents.items()) if k.startswith("habitant")
                  and r.pk != ride.author_id]  # fmt: skip
        if len(others) >= 2 and (ride.ride_seats or 0) >= 2:
            seat = request_seat(post=ride, passenger=others[0])
            answer_seat_request(seat=seat, by=ride.author, accept=True)
            request_seat(post=ride, passenger=others[1])
    pin_post(post=posts[0], by=residents["ambassadeur"])
    fete = posts[1]
    first = add_comment(post=fete, author=residents["habitant3"], body="Je fais un taboulé !")
    add_comment(post=fete, author=residents["habitant1"], body="Génial, merci !", parent=first)
    add_comment(post=posts[2], author=residents["habitant4"], body="Il est encore dispo ?")
    add_comment(post=posts[0], author=residents["habitant5"], body="Merci pour l'info !")
    add_comment(
        post=posts[4 % len(posts)],
        author=residents["habitant2"],
        body="Je passe ce soir si besoin.",
    )
    # Thanks and "interested" on the first posts, as neighbours would leave them.
    for index, kind, who in REACTIONS:
        toggle_reaction(post=posts[index % len(posts)], resident=residents[who], kind=kind)
    offer = help_services.offer_help(post=posts[3], helper=residents["habitant2"])
    conversations.send_message(
        conversation=offer.conversation,
        sender=residents["habitant3"],
        body="Oh merci ! Vous pourriez passer samedi vers 10 h ?",
    )
    add_watched_word(word="arnaque", action="block", by=residents["ambassadeur"])
    spam = publish_post(
        author=residents["habitant5"],
        kind=Post.Kind.OFFRE,
        title="Gagnez de l'argent facilement",
        body="Contactez-moi pour une opportunité unique.",
    )
    report_content(reporter=residents["habitant4"], reason="spam", post=spam,
                   details="Ressemble à une publicité")  # fmt: skip
    _closed_requests(commune, residents)


# Requests already settled, with thanks and reviews: (author, title, rating, thanks, reply)
SETTLED = [
    ("habitant1", "Quelqu'un pour monter une étagère ?", 5, "Rapide et très soigneux, merci !",
     "Avec plaisir, à charge de revanche !"),
    ("habitant4", "Aide pour remplir un dossier CAF", 5, "Patient et clair, un grand merci.", ""),
    ("habitant5", "Réparer la chaîne de mon vélo", 4, "Le vélo roule à nouveau !", ""),
]  # fmt: skip


def _closed_requests(commune, residents):
    """The help loop told whole: requests answered by the voisin solidaire,
    settled naming him, thanked both ways; one settled without the network."""
    helper = residents["habitant2"]
    for author_key, title, rating, thanks, reply in SETTLED:
        author = residents[author_key]
        post = publish_post(author=author, kind=Post.Kind.DEMANDE, title=title, body="")
        help_services.offer_help(post=post, helper=helper, message="Je peux passer demain.")
        help_services.close_request(post=post, by=author, helper_ids=[helper.pk])
        review = help_services.leave_help_review(
            post=post, author=author, subject=helper, rating=rating, comment=thanks
        )
        help_services.leave_help_review(
            post=post, author=helper, subject=author, comment="Merci pour l'accueil !"
        )
        if reply:
            help_services.reply_to_review(review=review, by=helper, body=reply)
    alone = publish_post(
        author=residents["habitant3"],
        kind=Post.Kind.DEMANDE,
        title="Qui a un diable à prêter ?",
        body="",
    )
    help_services.close_request(post=alone, by=residents["habitant3"], nobody=True)
