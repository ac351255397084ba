"""Objects and loans fixtures: an owner, a borrower and an object in `commune`."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context
from PIL import Image


def png(name="photo.png", size=(2400, 1800), colour=(200, 80, 40)) -> SimpleUploadedFile:
    out = BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def days(n: int):
    return timezone.localdate() + timedelta(days=n)


@pytest.fixture
def owner(commune, make_resident):
    return make_resident(
        commune, email="preteuse@alpha.example", first_name="Lucie", last_name="Martin"
    )


@pytest.fixture
def borrower(commune, make_resident):
    return make_resident(
        commune, email="emprunteur@alpha.example", first_name="Thomas", last_name="Bernard"
    )


@pytest.fixture
def make_item(commune):
    from objets.models import Category
    from objets.services import create_item

    def make(owner, *, title="Perceuse à percussion", max_loan_days=7, **extra):
        with schema_context(commune.schema_name):
            return create_item(
                actor=owner,
                title=title,
                description=extra.pop("description", "Avec forets béton et bois."),
                category=extra.pop("category", None) or Category.objects.get(name="Outils"),
                max_loan_days=max_loan_days,
                **extra,
            )

    return make


@pytest.fixture
def item(owner, make_item):
    return make_item(owner)
