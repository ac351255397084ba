"""A post of another commune whose id does not exist in the first one, so that
a request for it here can only answer 404 (schemas have their own sequences:
the same id may exist in both)."""

from django.db.models import Max
from django_tenants.utils import schema_context


def foreign_post(*, here, there, author, title="Chez Bêta"):
    from discussions.models import Post
    from discussions.services import publish_post

    with schema_context(there.schema_name):
        post = publish_post(author=author, kind="discussion", title=title, body="Texte de Bêta")
    with schema_context(here.schema_name):
        highest_here = Post.objects.aggregate(m=Max("pk"))["m"] or 0
    if post.pk <= highest_here:
        with schema_context(there.schema_name):
            Post.objects.filter(pk=post.pk).update(pk=highest_here + 1000)
            post = Post.objects.get(pk=highest_here + 1000)
    with schema_context(here.schema_name):
        assert not Post.objects.filter(pk=post.pk).exists()
    return post
