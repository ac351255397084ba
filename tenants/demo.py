"""Demo data of the public platform site: a staff account, a request to review
and residents waiting for their commune (run by `seed_demo`, idempotent)."""

from django.db import connection, transaction
from django.utils import timezone

from tenants.models import FrenchCommune, InterestSignup, OnboardingRequest
from voisinages.models import Resident

STAFF_EMAIL = "equipe@reseau.example"


@transaction.atomic
def seed_platform(*, password: str) -> None:
    connection.set_schema_to_public()
    if not Resident.objects.filter(email__iexact=STAFF_EMAIL).exists():
        Resident.objects.create_user(
            email=STAFF_EMAIL,
            password=password,
            first_name="Équipe",
            last_name="Réseau",
            is_staff=True,
        )
    nanterre = FrenchCommune.objects.filter(pk="92050").first()
    if nanterre is None or OnboardingRequest.objects.filter(french_commune=nanterre).exists():
        return
    now = timezone.now()
    OnboardingRequest.objects.create(
        french_commune=nanterre,
        contact_name="Sophie Lambert",
        contact_email="s.lambert@mairie-nanterre.example",
        role="Adjointe à la démocratie locale",
        message="Plusieurs associations de quartier nous ont parlé de Réseau. "
        "Nous aimerions l'ouvrir avant la fête des voisins.",
        status=OnboardingRequest.Status.PENDING,
        confirmed_at=now,
    )
    for local in ("amina", "julien", "marguerite", "yanis", "chloe", "bernard"):
        InterestSignup.objects.create(
            french_commune=nanterre, email=f"{local}@nanterre.example", confirmed_at=now
        )
