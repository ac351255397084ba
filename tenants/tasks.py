"""The platform's jobs (socle/jobs.py, public schema): its emails on the
`mail` queue, ahead of every notification, and the communes' archives and
restores on the `exports` queue. Each job carries primary keys only."""

from django.conf import settings
from procrastinate.contrib.django import app

from socle import jobs
from tenants import archives, entraide, mails, pool, restore
from tenants.models import GuestPost, GuestReply, InterestSignup, OnboardingRequest
from tenants.services import guests


def _signup(pk: int) -> InterestSignup | None:
    return InterestSignup.objects.select_related("french_commune").filter(pk=pk).first()


def _request(pk: int) -> OnboardingRequest | None:
    return (
        OnboardingRequest.objects.select_related("french_commune", "commune").filter(pk=pk).first()
    )


@jobs.platform_task(queue=jobs.MAIL, priority=jobs.MAIL_PRIORITY)
def interest_confirmation(*, signup_id: int) -> bool:
    signup = _signup(signup_id)
    return signup is not None and mails.send_interest_confirmation(signup)


@jobs.platform_task(queue=jobs.MAIL, priority=jobs.MAIL_PRIORITY)
def commune_opened(*, signup_id: int) -> bool:
    signup = _signup(signup_id)
    return signup is not None and mails.send_commune_opened(signup)


@jobs.platform_task(queue=jobs.MAIL, priority=jobs.MAIL_PRIORITY)
def request_confirmation(*, request_id: int) -> bool:
    request = _request(request_id)
    return request is not None and mails.send_request_confirmation(request)


@jobs.platform_task(queue=jobs.MAIL, priority=jobs.MAIL_PRIORITY)
def request_approved(*, request_id: int, invitation_id: int) -> bool:
    request = _request(request_id)
    return request is not None and mails.send_request_approved(request, invitation_id=invitation_id)


@jobs.platform_task(queue=jobs.MAIL, priority=jobs.MAIL_PRIORITY)
def request_refused(*, request_id: int) -> bool:
    request = _request(request_id)
    return request is not None and mails.send_request_refused(request)


@jobs.platform_task(queue=jobs.MAIL, priority=jobs.MAIL_PRIORITY)
def guest_post_links(*, guest_post_id: int) -> bool:
    guest = GuestPost.objects.filter(pk=guest_post_id).first()
    return guest is not None and mails.send_guest_post_links(guest)


@jobs.platform_task(queue=jobs.MAIL, priority=jobs.MAIL_PRIORITY)
def guest_invitation(*, guest_post_id: int) -> bool:
    guest = GuestPost.objects.select_related("commune").filter(pk=guest_post_id).first()
    return guest is not None and mails.send_guest_invitation(guest)


def _reply(pk: int) -> GuestReply | None:
    return GuestReply.objects.select_related("guest_post").filter(pk=pk).first()


@jobs.platform_task(queue=jobs.MAIL, priority=jobs.MAIL_PRIORITY)
def guest_reply_confirmation(*, reply_id: int) -> bool:
    reply = _reply(reply_id)
    return reply is not None and mails.send_reply_confirmation(reply)


@jobs.platform_task(queue=jobs.MAIL, priority=jobs.MAIL_PRIORITY)
def guest_reply_relay(*, reply_id: int) -> bool:
    reply = _reply(reply_id)
    return reply is not None and mails.send_reply_to_guest(reply)


@jobs.platform_task(queue=jobs.EXPORTS, retry=False)
def export_commune(*, export_id: int) -> bool:
    """A failed archive is not retried by itself: staff see why and try again."""
    return archives.make_archive(export_id)


@jobs.platform_task(queue=jobs.EXPORTS, retry=False)
def restore_commune(*, restore_id: int) -> bool:
    """Like an export, a failed restore is retried by staff, not by itself."""
    return restore.run_restore(restore_id)


@jobs.commune_task(queue=jobs.NOTIFICATIONS, priority=jobs.MAIL_PRIORITY)
def index_posts(*, post_ids: list[int]) -> int:
    """Copy to /entraide/'s index, or remove from it, posts of this commune."""
    return entraide.sync_listings(post_ids=post_ids)


@app.periodic(cron=settings.RESEAU_SCHEDULE["purge_public_listings"])
@app.task(
    name="tenants.tasks.purge_public_listings",
    queue=jobs.PERIODIC,
    lock="tenants.tasks.purge_public_listings",
    pass_context=False,
)
def purge_public_listings(timestamp: int) -> int:
    """Expired listings leave the index; guests' data goes 30 days after expiry."""
    return entraide.purge_expired_listings() + guests.purge_guest_data()


@jobs.platform_task(queue=jobs.PERIODIC)
def refill_pool() -> int:
    """Clone schemas ahead until the warm pool is full again (tenants/pool.py)."""
    return pool.refill()
