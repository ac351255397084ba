"""Demo data of voisinages: profiles with skills and interests, voisins
solidaires placed in their quartier, a resident waiting for approval,
invitations and a few notifications; different in Puteaux and Moulins."""

from voisinages import roles
from voisinages.models import Invitation, Quartier
from voisinages.notifications import notify
from voisinages.services import create_invitation, grant_role, register_resident

PROFILES = {
    "puteaux": {
        "ambassadeur": (
            ["organisation d'événements", "jardinage"],
            ["fête des voisins", "vélo"],
            False,
            "",
            "Ambassadrice du quartier depuis 2019, je connais tout le monde au marché du Centre.",
        ),
        "mediateur": (
            ["démarches administratives", "informatique"],
            ["lecture"],
            True,
            "Mardi et jeudi, 14 h - 17 h, à la mairie",
            "Médiateur numérique à la mairie : je vous aide pour vos démarches en ligne.",
        ),
        "habitant1": (
            ["couture", "cuisine"],
            ["jardinage", "cuisine"],
            True,
            "Le week-end, je peux recoudre un ourlet ou prêter ma machine",
            "Couturière amateur, j'habite près du square Lorilleux.",
        ),
        "habitant2": (
            ["bricolage", "vélo"],
            ["football", "bricolage"],
            True,
            "En semaine après 18 h ; j'ai une perceuse et une caisse à outils",
            "Je répare les vélos des enfants du quartier.",
        ),
        "habitant3": (
            ["aide aux devoirs", "anglais"],
            ["lecture", "théâtre"],
            True,
            "Mercredi après-midi pour les devoirs (collège)",
            "Professeure d'anglais à la retraite.",
        ),
        "habitant4": (
            ["jardinage"],
            ["pétanque", "jardinage"],
            False,
            "",
            "Quarante ans à Puteaux, toujours partant pour une partie de pétanque.",
        ),
        "habitant5": (
            ["informatique", "photographie"],
            ["photographie", "randonnée"],
            False,
            "",
            "",
        ),
    },
    "moulins": {
        "ambassadeur": (
            ["organisation d'événements", "animation"],
            ["patrimoine", "chorale"],
            False,
            "",
            "Ambassadrice bénévole : je fais le lien avec la mairie.",
        ),
        "mediateur": (
            ["démarches administratives"],
            ["randonnée"],
            True,
            "Lundi matin au centre social des Champins",
            "Médiateur au centre social, j'aide les personnes sans smartphone.",
        ),
        "habitant1": (
            ["cuisine", "conserves"],
            ["jardinage", "patrimoine"],
            True,
            "Le samedi matin, je peux faire vos courses au marché",
            "Je fais des confitures avec les fruits du jardin.",
        ),
        "habitant2": (
            ["mécanique", "bricolage"],
            ["pêche", "Allier"],
            True,
            "Le soir et le week-end, j'ai une camionnette pour les déménagements",
            "Mécanicien, pêcheur au bord de l'Allier.",
        ),
        "habitant3": (
            ["tricot", "aide aux devoirs"],
            ["lecture"],
            True,
            "Mardi après l'école pour les devoirs (primaire)",
            "Maman de trois enfants à la Madeleine.",
        ),
        "habitant4": (
            ["jardinage", "taille des arbres"],
            ["pétanque"],
            False,
            "",
            "Jardinier retraité, mon potager est à Nomazy.",
        ),
        "habitant5": (["informatique"], ["cinéma", "vélo"], False, "", ""),
    },
}


def seed(*, commune, residents) -> None:
    profiles = PROFILES.get(commune.slug, PROFILES["puteaux"])
    quartiers = list(Quartier.objects.all())
    for index, (local, resident) in enumerate(residents.items()):
        skills, interests, solidaire, availability, bio = profiles.get(
            local, ([], [], False, "", "")
        )
        quartier = resident.quartier or (quartiers[0] if quartiers else None)
        if quartier is not None and quartier.latitude is not None:
            # A private position near the quartier's centre (only ever shown blurred).
            resident.latitude = quartier.latitude + 0.0007 * ((index % 3) - 1)
            resident.longitude = quartier.longitude + 0.0009 * ((index % 2) - 0.5)
        resident.bio = bio
        resident.is_voisin_solidaire = solidaire
        resident.availability = availability
        resident.show_email = local == "mediateur"
        resident.save()
        resident.skills.set(skills)
        resident.interests.set(interests)
        if solidaire:
            grant_role(resident=resident, role=roles.VOISIN_SOLIDAIRE)
    pending_name = ("Sophie", "Garnier") if commune.slug == "puteaux" else ("Paul", "Chevalier")
    pending = register_resident(
        email=f"nouveau@{commune.slug}.example",
        password="voisins-demo",  # noqa: S106 (the documented demo password)
        first_name=pending_name[0],
        last_name=pending_name[1],
        quartier=quartiers[-1] if quartiers else None,
        approval_required=True,
    )
    pending.email_confirmed = True
    pending.save(update_fields=["email_confirmed"])
    ambassador = residents["ambassadeur"]
    create_invitation(role=Invitation.Role.RESIDENT, created_by=ambassador, max_uses=50)
    create_invitation(
        role=Invitation.Role.MEDIATOR, email=f"ccas@{commune.slug}.example", created_by=ambassador
    )
    create_invitation(role=Invitation.Role.RESIDENT, created_by=residents["habitant1"])
    notify(
        recipients=[residents["habitant1"], residents["habitant2"]],
        kind="voisinages.role.granted",
        title="Vous êtes maintenant : Voisin solidaire",
        body="Merci ! Vos voisins peuvent vous trouver sur la carte des voisins solidaires.",
        url="/voisins/carte/",
        actor=ambassador,
    )
