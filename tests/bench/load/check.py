"""After the load (run by run.py with the bench's settings): is every write the
server acknowledged in the database, is every email the notifications asked
for marked sent, and is any job left behind? Prints one JSON object."""

import json
import sys
from collections import defaultdict

import django


def check(writes_file: str) -> dict:
    from django.db import connection
    from django_tenants.utils import schema_context

    from discussions.models import Comment, Message, Post, Reaction
    from objets.models import Loan
    from voisinages.models import Notification, NotificationPreference

    models = {"post": Post, "comment": Comment, "message": Message, "loan": Loan}
    writes = [json.loads(line) for line in open(writes_file) if line.strip()]  # noqa: SIM115
    by_schema = defaultdict(list)
    for write in writes:
        by_schema[write["schema"]].append(write)
    lost, missing = 0, []
    emails_expected = emails_marked = 0
    unsent = []
    for schema, items in by_schema.items():
        with schema_context(schema):
            for kind, model in models.items():
                ids = {w["id"] for w in items if w["kind"] == kind}
                found = set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
                lost += len(ids - found)
                missing += [f"{schema}.{kind}.{pk}" for pk in sorted(ids - found)[:5]]
            # A reaction's last acknowledged state is the one in the database.
            last = {}
            for w in sorted((w for w in items if w["kind"] == "reaction"), key=lambda w: w["at"]):
                last[(w["post"], w["resident"], w["reaction"])] = w["active"]
            for (post, resident, kind), active in last.items():
                there = Reaction.objects.filter(post_id=post, resident_id=resident, kind=kind)
                if there.exists() != bool(active):
                    lost += 1
                    missing.append(f"{schema}.reaction.{post}.{resident}.{kind}")
            # The load's residents chose "by email at once" for messages (seed.py).
            emailed = Notification.objects.filter(
                kind="discussions.message.received",
                recipient__notification_preferences__kind="discussions.message.received",
                recipient__notification_preferences__delivery="email",
            )
            emails_expected += emailed.count()
            emails_marked += emailed.filter(emailed_at__isnull=False).count()
            for row in emailed.filter(emailed_at__isnull=True)[:3]:
                delivery = NotificationPreference.objects.filter(
                    resident_id=row.recipient_id, kind=row.kind
                ).values_list("delivery", flat=True)
                unsent.append(
                    f"{schema}.{row.pk} to {row.recipient.email} at {row.created_at:%H:%M:%S}"
                    f" delivery={list(delivery)}"
                )
    with connection.cursor() as cursor:
        cursor.execute("SELECT status, count(*) FROM public.procrastinate_jobs GROUP BY status")
        jobs = dict(cursor.fetchall())
        # A failed job is a lost email or notification unless shown otherwise.
        cursor.execute(
            "SELECT id, task_name, args::text, attempts FROM public.procrastinate_jobs"
            " WHERE status = 'failed' ORDER BY id LIMIT 10"
        )
        failed = [dict(zip(("id", "task", "args", "attempts"), row, strict=True))
                  for row in cursor.fetchall()]  # fmt: skip
    return {
        "acknowledged_writes": len(writes),
        "lost_writes": lost,
        "missing_examples": missing[:10],
        "message_emails_expected": emails_expected,
        "message_emails_marked_sent": emails_marked,
        "unsent_examples": unsent,
        "jobs_by_status": jobs,
        "failed_jobs": failed,
    }


if __name__ == "__main__":
    django.setup()
    print(json.dumps(check(sys.argv[1])))
