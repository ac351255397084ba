from django.db import transaction
from wagtail.models import Site

from cms.models import HomePage


@transaction.atomic
def install_commune_site(*, commune, hostname: str) -> None:
    """Point the commune's Wagtail site at its hostname and title its home page.

    Runs inside the new commune's schema, right after cloning the template
    (whose site is a neutral `localhost` placeholder)."""
    home = HomePage.objects.get(depth=2)
    HomePage.objects.filter(pk=home.pk).update(
        title=commune.name, draft_title=commune.name, seo_title=commune.name
    )
    Site.objects.update(
        hostname=hostname, port=80, site_name=commune.name, root_page=home, is_default_site=True
    )
