"""Comment and reaction counters on Post, filled from the existing rows."""

from django.db import migrations, models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    Post = apps.get_model("discussions", "Post")
    Comment = apps.get_model("discussions", "Comment")
    Reaction = apps.get_model("discussions", "Reaction")

    def count_of(model, **filters):
        rows = (
            model.objects.filter(post=OuterRef("pk"), **filters)
            .order_by()
            .values("post")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    Post.objects.update(
        comment_count=count_of(Comment, status="visible"),
        thanks_count=count_of(Reaction, kind="merci"),
        interested_count=count_of(Reaction, kind="interesse"),
    )


class Migration(migrations.Migration):
    dependencies = [("discussions", "0003_post_edited_at")]

    operations = [
        migrations.AddField(
            model_name="post",
            name="comment_count",
            field=models.PositiveIntegerField(default=0, db_default=0, editable=False),
        ),
        migrations.AddField(
            model_name="post",
            name="interested_count",
            field=models.PositiveIntegerField(default=0, db_default=0, editable=False),
        ),
        migrations.AddField(
            model_name="post",
            name="thanks_count",
            field=models.PositiveIntegerField(default=0, db_default=0, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
