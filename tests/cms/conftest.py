"""Helpers to add pages to a commune's tree (inside its schema)."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context


def add_page(commune, parent_model, page_model, **fields):
    """Add a published page under the commune's (only) page of type `parent_model`.
    Built inside the schema: a page takes its content type when instantiated."""
    with schema_context(commune.schema_name):
        parent = parent_model.objects.get()
        page = page_model(**fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page


@pytest.fixture
def add_news():
    from cms.models import NewsIndexPage, NewsPage

    def make(commune, title, **fields):
        return add_page(commune, NewsIndexPage, NewsPage, title=title, **fields)

    return make


@pytest.fixture
def add_event():
    from cms.models import EventIndexPage, EventPage

    def make(commune, title, *, in_days=3, place="Salle des fêtes", **fields):
        starts_at = timezone.now() + datetime.timedelta(days=in_days)
        return add_page(
            commune,
            EventIndexPage,
            EventPage,
            title=title,
            starts_at=starts_at,
            place=place,
            **fields,
        )

    return make


@pytest.fixture
def add_association():
    from cms.models import AssociationIndexPage, AssociationPage

    def make(commune, title, **fields):
        return add_page(commune, AssociationIndexPage, AssociationPage, title=title, **fields)

    return make
