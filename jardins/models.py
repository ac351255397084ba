from django.db import models
from django.utils.translation import gettext_lazy as _


class Garden(models.Model):
    """A shared garden of the commune."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("garden")
        verbose_name_plural = _("gardens")
        ordering = ["name"]

    def __str__(self):
        return self.name
