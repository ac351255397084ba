"""The commune's editorial site (Wagtail pages) and its confidential requests.

The page tree every commune starts with (created in the template schema by the
data migrations, so clones inherit it):

    Accueil (HomePage)
    ├── Actualités (NewsIndexPage) → NewsPage
    ├── Agenda (EventIndexPage) → EventPage
    ├── Associations (AssociationIndexPage) → AssociationPage → NewsPage
    └── Ma ville (MaVillePage) → ConfidentialFormPage ×2

content.py holds what is written (articles, events, confidential requests) and
reads nothing; site.py holds the pages that list it (through cms.listings).
Django finds both here; content comes first, as cms.listings needs it.
"""

from cms.models.content import (
    ConfidentialKind,
    ConfidentialRequest,
    EventPage,
    NewsPage,
)
from cms.models.site import (
    AssociationIndexPage,
    AssociationPage,
    ConfidentialFormPage,
    EventIndexPage,
    HomePage,
    MaVillePage,
    NewsIndexPage,
)

__all__ = [
    "AssociationIndexPage",
    "AssociationPage",
    "ConfidentialFormPage",
    "ConfidentialKind",
    "ConfidentialRequest",
    "EventIndexPage",
    "EventPage",
    "HomePage",
    "MaVillePage",
    "NewsIndexPage",
    "NewsPage",
]
