"""An alert reaches every neighbour: the request that publishes it only queues
this job (socle/jobs.py), which stores the inbox rows, so an alert to 5,000
residents costs the author's page what an alert to 5 costs. The job is
idempotent: run twice, it finds the rows of the first run and stops."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from discussions.models import Post
from socle import jobs
from voisinages.models import Notification, Resident
from voisinages.notifications import notify

KIND = "discussions.alert.published"


@jobs.commune_task(queue=jobs.NOTIFICATIONS, priority=10, atomic=True)
def announce_alert(*, post_id: int) -> int:
    """Notify every active resident of the alert `post_id` (once); returns how
    many inbox rows were stored."""
    post = (
        Post.objects.select_for_update()
        .filter(pk=post_id, kind=Post.Kind.ALERTE, status=Post.Status.PUBLISHED)
        .first()
    )
    if post is None:  # deleted or unpublished before the job ran
        return 0
    already = Notification.objects.filter(
        kind=KIND, target_type=ContentType.objects.get_for_model(Post), target_id=post.pk
    ).exists()
    if already:
        return 0
    return len(
        notify(
            recipients=Resident.objects.filter(is_active=True).only("pk"),
            kind=KIND,
            title=_("Alert: %(title)s") % {"title": post.title},
            body=post.body[:300],
            url=post.get_absolute_url(),
            actor=post.author,
            target=post,
        )
    )
