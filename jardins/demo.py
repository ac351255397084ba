"""Demo gardens: two in Puteaux, one in Moulins, with plots, a waiting list,
a rota and a harvest."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from jardins.models import Application, Garden, GardenEvent, Harvest, Membership, Plot, Slot, Task

GARDENS = {
    "puteaux": [
        {
            "name": "Jardin partagé des Bergères",
            "description": "Un jardin de quartier au pied des immeubles, ouvert à tous les habitants.",
            "rules": "- **Pas de pesticides** ni d'engrais chimiques.\n"
            "- On referme le portail en partant.\n- Les outils reviennent au cabanon.",
            "address": "Rue des Bergères, 92800 Puteaux",
            "latitude": 48.8807,
            "longitude": 2.2333,
            "opening_hours": "Mercredi 14h-18h\nSamedi 9h-12h",
            "plots": [8, 8, 10, 10, 12, 6, 6, 15],
            "reserved": {8: "École élémentaire Les Bergères"},
        },
        {
            "name": "Potager des Bords de Seine",
            "description": "Des bacs en hauteur le long du quai, accessibles en fauteuil.",
            "rules": "Arrosage le soir en été. Le compost est partagé : pas de viande.",
            "address": "Quai de Dion-Bouton, 92800 Puteaux",
            "latitude": 48.8870,
            "longitude": 2.2440,
            "opening_hours": "Tous les jours 8h-20h",
            "plots": [4, 4, 4, 5],
            "reserved": {4: "Association Les Jardiniers du Quai"},
        },
    ],
    "moulins": [
        {
            "name": "Jardins familiaux des Champins",
            "description": "Grandes parcelles familiales près de l'Allier, avec une mare.",
            "rules": "Chaque parcelle est entretenue toute l'année. Une journée collective par mois.",
            "address": "Rue des Champins, 03000 Moulins",
            "latitude": 46.5562,
            "longitude": 3.3392,
            "opening_hours": "Du lever au coucher du soleil",
            "plots": [40, 40, 50, 35, 60, 45],
            "reserved": {6: "Centre social des Champins"},
        },
    ],
}


def seed(*, commune, residents):
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    specs = GARDENS.get(commune.slug, GARDENS["moulins"])
    holders = [residents["habitant1"], residents["habitant2"], residents["habitant3"]]
    applicants = [residents["habitant4"], residents["habitant5"], residents["mediateur"]]
    for index, spec in enumerate(specs):
        garden = Garden.objects.create(
            **{k: v for k, v in spec.items() if k not in ("plots", "reserved")}
        )
        coordinator = residents["ambassadeur"] if index == 0 else residents["habitant1"]
        Membership.objects.create(
            garden=garden, resident=coordinator, role=Membership.Role.COORDINATOR
        )
        plots = []
        for number, area in enumerate(spec["plots"], start=1):
            reserved_for = spec["reserved"].get(number, "")
            plots.append(
                Plot.objects.create(
                    garden=garden,
                    number=number,
                    area_m2=Decimal(area),
                    status=Plot.Status.RESERVED if reserved_for else Plot.Status.FREE,
                    reserved_for=reserved_for,
                )
            )
        members = [h for h in holders if h != coordinator][: 2 if index == 0 else 1]
        for plot, holder in zip(plots, members, strict=False):
            plot.status, plot.holder, plot.assigned_at = Plot.Status.ASSIGNED, holder, now
            plot.save()
            Membership.objects.get_or_create(garden=garden, resident=holder)
        if index == 0:
            for i, person in enumerate(applicants):
                application = Application.objects.create(
                    garden=garden,
                    applicant=person,
                    note="Je voudrais cultiver quelques légumes pour mes enfants."
                    if i == 0
                    else "Habitant du quartier, disponible le week-end.",
                )
                Application.objects.filter(pk=application.pk).update(
                    created_at=now - timedelta(days=30 - i * 7)
                )
            last = Application.objects.filter(garden=garden).order_by("-created_at").first()
            last.priority = 1
            last.priority_reason = "Personne à mobilité réduite : parcelle surélevée demandée"
            last.save()
        task = Task.objects.create(
            garden=garden,
            kind=Task.Kind.WATERING,
            title="Arrosage des semis" if commune.slug == "puteaux" else "Arrosage collectif",
            every_days=3,
            duration_minutes=30,
        )
        compost = Task.objects.create(
            garden=garden, kind=Task.Kind.COMPOST, title="Retourner le compost", every_days=14
        )
        for i in range(6):
            Slot.objects.create(
                task=task,
                starts_at=now + timedelta(days=1 + 3 * i, hours=18 - now.hour),
                assignee=members[i % len(members)] if i % 2 == 0 and members else None,
            )
        for i in range(2):
            Slot.objects.create(task=compost, starts_at=now + timedelta(days=5 + 14 * i))
        if members:
            Harvest.objects.create(
                garden=garden,
                author=members[0],
                title="Courgettes et tomates cerises en trop"
                if commune.slug == "puteaux"
                else "Panier de pommes de terre",
                description="À récupérer au cabanon, servez-vous !",
                available_until=timezone.localdate() + timedelta(days=7),
            )
        start = now + timedelta(days=12)
        GardenEvent.objects.create(
            garden=garden,
            kind=GardenEvent.Kind.WORK_DAY if index == 0 else GardenEvent.Kind.HARVEST_PARTY,
            title="Journée de travaux collective" if index == 0 else "Fête des récoltes",
            description="Apportez vos gants, on fournit la soupe.",
            starts_at=start,
            ends_at=start + timedelta(hours=4),
            created_by=coordinator,
        )
