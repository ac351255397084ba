"""The commune finder of the public site searches the official list of communes."""

import gzip

import pytest
from django.core.management import call_command
from django.utils.html import escape

from tenants.models import FrenchCommune

pytestmark = pytest.mark.django_db


def test_the_official_list_is_loaded_with_its_postcodes_and_departments():
    assert FrenchCommune.objects.count() > 34_000
    ajaccio = FrenchCommune.objects.get(pk="2A004")
    assert ajaccio.name == "Ajaccio" and ajaccio.department == "2A"
    assert "20000" in ajaccio.postcodes and ajaccio.population > 50_000


def test_load_communes_is_idempotent_and_shows_progress(tmp_path, capsys):
    sample = tmp_path / "communes.csv.gz"
    with gzip.open(sample, "wt", encoding="utf-8") as handle:
        handle.write("insee_code,name,postcodes,department,population\n")
        handle.write("03002,Agonges-Renommée,03210,03,301\n")
        handle.write("99999,Nouvelle-Commune,99990 99991,99,\n")
    before = FrenchCommune.objects.count()
    call_command("load_communes", "--file", str(sample))
    call_command("load_communes", "--file", str(sample))
    out = capsys.readouterr().out
    assert "2/2" in out and "[####" in out
    assert FrenchCommune.objects.count() == before + 1
    assert FrenchCommune.objects.get(pk="03002").name == "Agonges-Renommée"
    assert FrenchCommune.objects.get(pk="99999").postcodes == ["99990", "99991"]


def test_accents_case_and_hyphens_are_ignored(public_client):
    page = public_client.get("/", {"q": "asnieres sur seine"}).content.decode()
    assert "Asnières-sur-Seine" in page
    assert "92600" in page and "département 92" in page
    page = public_client.get("/", {"q": "ÉCHALLON"}).content.decode()
    assert "Échallon" in page
    page = public_client.get("/", {"q": "St-Etienne"}).content.decode()
    assert "Saint-Étienne" in page
    page = public_client.get("/", {"q": "l ile saint denis"}).content.decode()
    assert "L'Île-Saint-Denis" in page or "L&#x27;Île-Saint-Denis" in page


def test_a_postcode_shared_by_several_communes_lists_each_of_them(public_client):
    page = public_client.get("/", {"q": "03210"}).content.decode()
    assert "communes trouvées" in page
    sharing = FrenchCommune.objects.filter(postcodes__contains=["03210"])
    assert sharing.count() == 12
    for official in sharing:
        assert escape(official.name) in page
    assert "Agonges" in page and "http://beta.localhost:8000/" in page  # 03002 is open (beta)
    assert "pas encore ouverte" in page


def test_results_say_whether_the_commune_is_open_with_a_link(public_client):
    page = public_client.get("/", {"q": "Antony"}).content.decode()
    assert "ouverte sur Réseau" in page and "http://alpha.localhost:8000/" in page
    page = public_client.get("/", {"q": "Puteaux"}).content.decode()
    assert "pas encore ouverte" in page and "/communes/92062/" in page


def test_suggestions_come_as_json_most_populous_first(public_client):
    data = public_client.get("/communes/suggestions/", {"q": "moulins"}).json()["results"]
    names = [r["name"] for r in data]
    assert names[0] == "Moulins" and data[0]["department"] == "03"
    assert {r["department"] for r in data if r["name"] == "Moulins"} >= {"02", "03", "35"}
    assert public_client.get("/communes/suggestions/", {"q": "9"}).json()["results"] == []
    by_prefix = public_client.get("/communes/suggestions/", {"q": "9216"}).json()["results"]
    assert "Antony" in [r["name"] for r in by_prefix]
    assert any(r["open"] for r in by_prefix)


def test_the_map_lists_open_communes_with_a_position(public_client, commune):
    from tenants.models import Commune

    Commune.objects.filter(pk=commune.pk).update(latitude=48.75, longitude=2.3)
    page = public_client.get("/").content.decode()
    assert 'id="open-communes"' in page and "48.75" in page and "vendor/leaflet/leaflet.js" in page


def test_an_unknown_commune_page_is_a_404(public_client):
    assert public_client.get("/communes/00000/").status_code == 404
