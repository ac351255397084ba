"""The verbs of the feed. `publish_post` is the public entry point other apps use."""

from discussions.services.editing import (  # noqa: F401
    check_can_delete,
    check_can_edit,
    delete_post,
    edit_post,
)
from discussions.services.interactions import (  # noqa: F401
    add_comment,
    report_content,
    toggle_reaction,
)
from discussions.services.offered import (  # noqa: F401
    add_offered_service,
    edit_offered_service,
    remove_offered_service,
)
from discussions.services.posts import (  # noqa: F401
    ask_expired_listings_settled,
    manage_guest_listing,
    notify_expiring_listings,
    pin_post,
    publish_guest_post,
    publish_post,
    renew_post,
)
from discussions.services.rides import (  # noqa: F401
    answer_seat_request,
    request_seat,
    seats_left,
)
