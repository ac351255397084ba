"""Services residents offer: managing one's own list, the directory, the profile block."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from discussions.exports import export_for, forget
from discussions.models import Category, OfferedService
from discussions.services import (
    add_offered_service,
    edit_offered_service,
    offered,
    remove_offered_service,
)
from discussions.services.moderation import add_watched_word
from voisinages.models import Quartier

pytestmark = pytest.mark.django_db


def _category(commune, slug=None):
    with schema_context(commune.schema_name):
        categories = Category.objects.filter(is_active=True)
        return categories.get(slug=slug) if slug else categories.first()


def _offer(commune, resident, *, category=None, rate="gratuit", availability=""):
    with schema_context(commune.schema_name):
        return add_offered_service(
            resident=resident,
            category=category or Category.objects.filter(is_active=True).first(),
            rate=rate,
            availability=availability,
        )


def test_a_resident_adds_edits_and_removes_a_service_through_the_pages(
    commune, resident, client_for
):
    client = client_for(commune, resident)
    category = _category(commune)
    page = client.get("/profil/services/")
    assert page.status_code == 200
    assert "outside Réseau" not in page.content.decode()  # shown in French
    assert "en dehors de Réseau" in page.content.decode()
    response = client.post(
        "/profil/services/",
        {"category": category.pk, "rate": "10 € de l'heure", "availability": "le week-end"},
    )
    assert response.status_code == 302
    with schema_context(commune.schema_name):
        service = OfferedService.objects.get(resident=resident)
    assert service.rate == "10 € de l'heure"
    assert service.availability == "le week-end"
    response = client.post(
        f"/profil/services/{service.pk}/modifier/",
        {"category": category.pk, "rate": "à discuter", "availability": ""},
    )
    assert response.status_code == 302
    with schema_context(commune.schema_name):
        service.refresh_from_db()
    assert service.rate == "à discuter"
    profile = client.get(f"/voisins/{resident.pk}/").content.decode()
    assert "Services proposés" in profile
    assert "à discuter" in profile
    response = client.post(f"/profil/services/{service.pk}/supprimer/")
    assert response.status_code == 302
    with schema_context(commune.schema_name):
        assert not OfferedService.objects.filter(pk=service.pk).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rate": ""}, "Indiquez un tarif indicatif"),
        ({"rate": "x" * 81}, "80 caractères"),
        ({"availability": "y" * 161}, "160 caractères"),
        ({"category": "999999"}, "Choisissez une des catégories"),
        ({"category": "abc"}, "Choisissez une des catégories"),
        ({"rate": "<script>alert(1)</script>"}, "scripts"),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_stored(
    commune, resident, client_for, data, message
):
    client = client_for(commune, resident)
    fields = {"category": _category(commune).pk, "rate": "gratuit", "availability": "", **data}
    response = client.post("/profil/services/", fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    with schema_context(commune.schema_name):
        assert not OfferedService.objects.filter(resident=resident).exists()


def test_one_service_per_category_and_a_bounded_number(commune, resident, monkeypatch):
    first, second = _category_list(commune)[:2]
    _offer(commune, resident, category=first)
    with pytest.raises(ValidationError, match="déjà un service dans cette catégorie"):
        _offer(commune, resident, category=first)
    monkeypatch.setattr(offered, "OFFERED_SERVICES_MAX", 1)
    with pytest.raises(ValidationError, match="au plus 1 services"):
        _offer(commune, resident, category=second)
    with schema_context(commune.schema_name):
        assert OfferedService.objects.filter(resident=resident).count() == 1


def test_an_unverified_resident_cannot_offer(commune, make_resident):
    newcomer = make_resident(commune, is_verified=False)
    with pytest.raises(PermissionDenied):
        _offer(commune, newcomer)


def test_only_your_own_services_can_be_changed(commune, resident, make_resident, client_for):
    service = _offer(commune, resident, rate="gratuit")
    other = make_resident(commune, first_name="Bruno")
    client = client_for(commune, other)
    category = _category(commune)
    edit = client.post(
        f"/profil/services/{service.pk}/modifier/", {"category": category.pk, "rate": "cher"}
    )
    assert edit.status_code == 404
    assert client.post(f"/profil/services/{service.pk}/supprimer/").status_code == 404
    with schema_context(commune.schema_name):
        with pytest.raises(PermissionDenied):
            edit_offered_service(service=service, by=other, category=category, rate="cher")
        with pytest.raises(PermissionDenied):
            remove_offered_service(service=service, by=other)
        service.refresh_from_db()
    assert service.rate == "gratuit"


def test_another_communes_resident_cannot_see_or_touch_services(commune, resident, stranger_client):
    service = _offer(commune, resident, rate="gratuit")
    client = stranger_client(commune)
    for url in ("/services/", "/profil/services/"):
        response = client.get(url)
        assert response.status_code in (302, 403, 404)
        assert "gratuit" not in response.content.decode()
    assert client.post(f"/profil/services/{service.pk}/supprimer/").status_code in (
        302, 403, 404,
    )  # fmt: skip
    with schema_context(commune.schema_name):
        assert OfferedService.objects.filter(pk=service.pk).exists()


def test_visitors_are_sent_to_log_in(commune, client_for):
    assert client_for(commune).get("/services/").status_code == 302


def test_the_directory_filters_by_category_and_quartier(commune, make_resident, client_for):
    with schema_context(commune.schema_name):
        north = Quartier.objects.create(name="Nord-Test")
        south = Quartier.objects.create(name="Sud-Test")
        first, second = list(Category.objects.filter(is_active=True)[:2])
    alice = make_resident(commune, first_name="Alice", quartier=north)
    bob = make_resident(commune, first_name="Bob", quartier=south)
    _offer(commune, alice, category=first, rate="tarif-alice")
    _offer(commune, bob, category=second, rate="tarif-bob")
    client = client_for(commune, alice)
    page = client.get("/services/").content.decode()
    assert "tarif-alice" in page and "tarif-bob" in page
    assert "en dehors de Réseau" in page
    assert f'href="/voisins/{bob.pk}/"' in page
    by_category = client.get(f"/services/?categorie={second.slug}").content.decode()
    assert "tarif-bob" in by_category and "tarif-alice" not in by_category
    by_quartier = client.get(f"/services/?quartier={north.pk}").content.decode()
    assert "tarif-alice" in by_quartier and "tarif-bob" not in by_quartier


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("categorie=nexiste-pas", "Cette catégorie n’existe pas"),
        ("categorie=" + "x" * 5000, "Cette catégorie n’existe pas"),
        ("quartier=abc", "Ce quartier n’existe pas"),
        ("quartier=99999999999999999999999", "Ce quartier n’existe pas"),
        ("quartier=999999", "Ce quartier n’existe pas"),
        ("apres=0", "Ce lien de page"),
        ("apres=abc", "Ce lien de page"),
        ("avant=%00", "caractères"),
        ("avant=99999999999999999999", "Ce lien de page"),
    ],
)
def test_bad_filters_give_a_french_message_not_a_500(commune, resident, client_for, query, message):
    response = client_for(commune, resident).get(f"/services/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_directory_is_paginated_in_a_constant_number_of_queries(
    commune, make_resident, client_for
):
    categories = list(_category_list(commune))
    viewer = make_resident(commune)
    client = client_for(commune, viewer)
    client.get("/services/")  # warm caches (filters, session)

    def queries_for_page():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/services/").status_code == 200
        return len(captured)

    helper = make_resident(commune)
    _offer(commune, helper, category=categories[0])
    few = queries_for_page()
    for index in range(1, min(len(categories), 7)):
        other = make_resident(commune)
        for category in categories[:index]:
            _offer(commune, other, category=category)
    many = queries_for_page()
    assert 0 < many == few
    with schema_context(commune.schema_name):
        total = OfferedService.objects.count()
    assert total > 20
    first = client.get("/services/").content.decode()
    assert "Page précédente" not in first
    cursor = re.search(r'apres=(\d+)" rel="next"', first).group(1)
    with CaptureQueriesContext(connection) as captured:
        second = client.get(f"/services/?apres={cursor}").content.decode()
    assert len(captured) == many
    assert "Page précédente" in second
    back = re.search(r'avant=(\d+)" rel="prev"', second).group(1)
    again = client.get(f"/services/?avant={back}").content.decode()
    entry = r'<li><a href="(/voisins/\d+/)">[^<]*</a>.*?<strong>([^<]*)</strong>'
    assert len(re.findall(entry, first)) == 20
    assert re.findall(entry, again) == re.findall(entry, first)
    assert not set(re.findall(entry, second)) & set(re.findall(entry, first))


def _category_list(commune):
    with schema_context(commune.schema_name):
        return list(Category.objects.filter(is_active=True))


def test_a_residents_services_are_in_their_export_and_gone_when_forgotten(
    commune, resident, make_resident
):
    _offer(commune, resident, rate="tarif-export", availability="le soir")
    other = make_resident(commune)
    _offer(commune, other, rate="tarif-autre")
    with schema_context(commune.schema_name):
        exported = export_for(resident)
        assert [s["rate"] for s in exported["offered_services"]] == ["tarif-export"]
        forget(resident)
        assert not OfferedService.objects.filter(resident=resident).exists()
        assert OfferedService.objects.filter(resident=other).exists()


def test_the_neighbours_directory_links_to_the_services(commune, resident, client_for):
    page = client_for(commune, resident).get("/voisins/").content.decode()
    assert 'href="/services/"' in page and "Services proposés par les voisins" in page


def test_a_word_the_commune_blocks_is_refused_in_a_service(commune, resident, ambassador):
    with schema_context(commune.schema_name):
        add_watched_word(word="arnaque", action="block", by=ambassador)
    with pytest.raises(ValidationError, match="arnaque"):
        _offer(commune, resident, rate="pas une arnaque")
    with schema_context(commune.schema_name):
        assert not OfferedService.objects.filter(resident=resident).exists()
