"""What the platform's communes app brings (see socle/registry.py)."""

from socle import registry
from tenants.tasks import index_posts

# Its links to accounts (who reviewed a request, who asked for an export) are
# platform staff, accounts of the public schema, not a resident's data.
registry.no_resident_data("tenants", "platform staff only")


def index_public_posts(*, schema: str, post_ids: list[int]) -> None:
    """discussions changed what the public may see of these posts: the job
    (after commit, with the change) updates /entraide/'s index."""
    index_posts.defer_in(schema, post_ids=list(post_ids))


registry.post_visibility_hook(index_public_posts)
