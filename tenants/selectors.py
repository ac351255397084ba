from django.db.models import Case, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import Http404

from socle.communes import commune_host, commune_url, served_communes  # noqa: F401 (re-exported)
from tenants.dataset import normalize
from tenants.models import Commune, FrenchCommune


def open_communes(*, query: str = "") -> QuerySet[Commune]:
    """Communes served on the platform, searchable by name (accents ignored) or postcode."""
    communes = served_communes()
    query = query.strip()
    if query:
        communes = communes.filter(
            Q(name__unaccent__icontains=query)
            | Q(postcodes__contains=[query])
            | Q(insee_code=query)
            | Q(slug__icontains=query)
        )
    return communes.prefetch_related("domains").order_by("name")


def _open_commune_subquery(field: str):
    return Subquery(
        Commune.objects.filter(insee_code=OuterRef("insee_code"), is_template=False)
        .exclude(schema_name="public")
        .order_by("pk")
        .values(field)[:1]
    )


def find_communes(*, query: str, limit: int = 20):
    """Communes of the official list matching a name (accents, case, hyphens
    ignored; words may start anywhere) or a postcode / INSEE code (or its start),
    annotated with `open_slug`/`open_status` when open on Réseau. Most populous first."""
    query = query.strip()[:100]
    if not query:
        return FrenchCommune.objects.none()
    communes = FrenchCommune.objects.all()
    if query.isdigit() or (len(query) == 5 and query[:2].upper() in ("2A", "2B")):
        if len(query) < 2:
            return FrenchCommune.objects.none()
        if len(query) == 5:
            communes = communes.filter(Q(postcodes__contains=[query]) | Q(insee_code__iexact=query))
        else:
            communes = communes.extra(  # noqa: S610 - parameterised
                where=["EXISTS (SELECT 1 FROM unnest(postcodes) p WHERE p LIKE %s)"],
                params=[query + "%"],
            )
        rank = Value(0, output_field=IntegerField())
    else:
        # "St-Étienne", "Ste Foy": people abbreviate Saint/Sainte.
        words = " ".join(
            {"st": "saint", "ste": "sainte"}.get(word, word) for word in normalize(query).split()
        )
        if len(words) < 2:
            return FrenchCommune.objects.none()
        communes = communes.filter(
            Q(search_name__startswith=words) | Q(search_name__contains=f" {words}")
        )
        rank = Case(
            When(search_name=words, then=Value(0)),
            When(search_name__startswith=words, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    return communes.annotate(
        rank=rank,
        open_slug=_open_commune_subquery("slug"),
        open_status=_open_commune_subquery("status"),
    ).order_by("rank", F("population").desc(nulls_last=True), "name")[:limit]


def get_french_commune(*, insee_code: str):
    commune = FrenchCommune.objects.filter(pk=insee_code.upper()).first()
    if commune is None:
        raise Http404("No such commune.")
    return commune


def open_commune_for(french_commune) -> Commune | None:
    return (
        Commune.objects.filter(insee_code=french_commune.insee_code, is_template=False)
        .exclude(schema_name="public")
        .prefetch_related("domains")
        .first()
    )


def confirmed_interest_count(french_commune) -> int:
    return french_commune.interests.filter(confirmed_at__isnull=False).count()


def map_points() -> list[dict]:
    """Open communes with a position, for the map of the landing page."""
    return [
        {"name": c.name, "lat": c.latitude, "lng": c.longitude, "url": commune_url(c)}
        for c in open_communes().filter(latitude__isnull=False, longitude__isnull=False)
    ]
