"""The verbs of the feed. `publish_post` is the public entry point other apps use."""

from discussions.services.posts import (  # noqa: F401
    add_comment,
    check_can_delete,
    check_can_edit,
    delete_post,
    edit_post,
    notify_expiring_listings,
    pin_post,
    publish_post,
    renew_post,
    report_content,
    toggle_reaction,
)
