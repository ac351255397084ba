"""The demo tells the help loop: settled requests, thanks and reviews."""

import pytest
from django_tenants.utils import schema_context

from discussions.models import HelpReview, Post, PostHelper
from voisinages.reputation import reputation_of

pytestmark = pytest.mark.django_db


def test_the_demo_has_settled_requests_with_reviews(demo_commune):
    with schema_context(demo_commune.schema_name):
        assert Post.objects.filter(closed_outcome="helped").count() == 3
        assert Post.objects.filter(closed_outcome="nobody").count() == 1
        helper = PostHelper.objects.select_related("resident").first().resident
        assert HelpReview.objects.filter(subject=helper).count() == 3
        rep = reputation_of(helper)
        assert rep.count >= 3 and rep.average is not None  # loans too
        assert any("a aidé 3 voisins" in figure for figure in rep.figures)
