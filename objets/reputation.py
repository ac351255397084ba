"""What lending brings to a profile (voisinages.reputation): objects lent, the
reviews received after loans (loan reviews are not answered); and what the
"Contacter" button of an object is about (voisinages.contact)."""

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils.translation import ngettext

from objets.models import Loan, Review
from objets.selectors import get_item
from voisinages.contact import Subject
from voisinages.models import name_or_former
from voisinages.reputation import ReviewLine, Totals


def lent_figure(resident) -> str | None:
    lent = Loan.objects.filter(lender=resident, status=Loan.Status.COMPLETED).count()
    if not lent:
        return None
    return ngettext("%(count)d loan to neighbours", "%(count)d loans to neighbours", lent) % {
        "count": lent
    }


def loan_totals(resident) -> Totals:
    row = Review.objects.filter(subject=resident).aggregate(
        count=Count("id"), rated=Count("id", filter=Q(rating__isnull=False)), total=Sum("rating")
    )
    return Totals(count=row["count"], rated=row["rated"], rating_sum=row["total"] or 0)


def loan_reviews(resident):
    """The reviews received, newest first (voisinages.reputation pages them)."""
    return (
        Review.objects.filter(subject=resident)
        .select_related("author", "loan__item")
        .only(
            "id", "created_at", "rating", "comment", "author_id", "author__first_name",
            "author__last_name", "loan__id", "loan__item__id", "loan__item__title",
        )
        .order_by("-created_at", "-id")
    )  # fmt: skip


def loan_line(r) -> ReviewLine:
    return ReviewLine(
        id=f"loan-{r.pk}",
        pk=r.pk,
        app="objets",
        created_at=r.created_at,
        rating=r.rating,
        comment=r.comment,
        author_name=name_or_former(r.author),
        author_id=r.author_id,
        context_title=r.loan.item.title,
        context_url=r.loan.item.get_absolute_url(),
    )


def contact_subject(*, viewer, object_id: int) -> Subject:
    """ "Contacter <Prénom>" on an object: its keeper, about this object."""
    item = get_item(item_id=object_id, viewer=viewer)
    keeper = item.keeper
    if keeper is None:
        raise Http404
    return Subject(
        recipient=keeper, title=item.title, url=item.get_absolute_url(), name=keeper.first_name
    )
