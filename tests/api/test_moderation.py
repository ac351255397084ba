"""The ambassadors' moderation queue through the API."""

import pytest
from django_tenants.utils import schema_context

from tests.api.conftest import assert_error
from voisinages import roles


@pytest.fixture
def reported_post(commune, resident, make_resident):
    from discussions.services import publish_post, report_content

    with schema_context(commune.schema_name):
        post = publish_post(author=resident, kind="discussion", title="Pub déguisée", body="")
        reporter = make_resident(commune, email="r@alpha.example")
        report_content(reporter=reporter, reason="spam", post=post)
    return post


@pytest.fixture
def ambassador(commune, make_resident):
    return make_resident(commune, email="amb@alpha.example", roles=(roles.AMBASSADOR,))


def test_queue_and_hide_with_a_reason(commune, ambassador, reported_post, api_for):
    from discussions.models import Post

    api = api_for(commune, ambassador)
    queue = api.get("/moderation/queue").json()
    assert [p["id"] for p in queue["posts"]] == [reported_post.pk]
    assert queue["posts"][0]["report_count"] == 1
    assert api.get("/moderation/count").json()["count"] >= 1
    body = assert_error(api.post(f"/moderation/posts/{reported_post.pk}", {"action": "hide"}), 422)
    assert list(body["fields"]) == ["reason"]
    done = api.post(
        f"/moderation/posts/{reported_post.pk}", {"action": "hide", "reason": "Publicité"}
    )
    assert done.json() == {"id": reported_post.pk, "action": "hide", "status": "hidden"}
    with schema_context(commune.schema_name):
        assert Post.objects.get(pk=reported_post.pk).status == "hidden"


def test_residents_cannot_moderate(commune, resident, reported_post, api_for):
    api = api_for(commune, resident)
    assert_error(api.get("/moderation/queue"), 403, "permission_denied")
    assert_error(
        api.post(f"/moderation/posts/{reported_post.pk}", {"action": "delete", "reason": "x"}),
        403,
    )


def test_another_communes_ambassador_gets_404(
    commune, other_commune, make_resident, reported_post, api_for
):
    from discussions.models import Post

    theirs = make_resident(other_commune, email="amb@beta.example", roles=(roles.AMBASSADOR,))
    with schema_context(other_commune.schema_name):
        exists_there = Post.objects.filter(pk=reported_post.pk).exists()
    api = api_for(other_commune, theirs)
    if not exists_there:
        assert_error(
            api.post(f"/moderation/posts/{reported_post.pk}", {"action": "delete", "reason": "x"}),
            404,
        )
    assert reported_post.pk not in [p["id"] for p in api.get("/moderation/queue").json()["posts"]]
    with schema_context(commune.schema_name):
        assert Post.objects.get(pk=reported_post.pk).status == "published"
