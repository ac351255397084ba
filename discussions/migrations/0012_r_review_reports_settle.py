# #17: reviews can be reported like posts and comments; an expired listing's
# author is asked once whether it is settled.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('discussions', '0011_merge_d'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Clones carry the template's constraint names (tenants/schema.py
        # replays its DDL), so the check is found by name everywhere.
        migrations.RemoveConstraint(
            model_name='report',
            name='report_one_target',
        ),
        migrations.AddField(
            model_name='helpreview',
            name='report_count',
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.AddField(
            model_name='post',
            name='settle_asked_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='report',
            name='review',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='discussions.helpreview'),
        ),
        migrations.AddConstraint(
            model_name='report',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('post__isnull', False), ('comment__isnull', True), ('review__isnull', True)), models.Q(('post__isnull', True), ('comment__isnull', False), ('review__isnull', True)), models.Q(('post__isnull', True), ('comment__isnull', True), ('review__isnull', False)), _connector='OR'), name='report_one_of_three'),
        ),
        migrations.AddConstraint(
            model_name='report',
            constraint=models.UniqueConstraint(fields=('reporter', 'review'), name='report_once_per_review'),
        ),
    ]
