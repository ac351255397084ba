"""Data rights (registered in contributions.py, see socle/registry.py): what
objets holds about a resident, and forgetting it before the account is deleted."""

from django.db import transaction
from django.db.models import Q

from objets.models import Item, Loan, LoanFeed, Review


def export_for(resident) -> dict:
    """Everything of objets belonging to the resident, as JSON-serialisable data."""
    items = Item.objects.filter(owner=resident).select_related("category", "quartier")
    loans = Loan.objects.filter(Q(borrower=resident) | Q(lender=resident)).select_related("item")
    return {
        "objects": [
            {
                "id": item.pk,
                "title": item.title,
                "description": item.description,
                "category": item.category.name,
                "tags": sorted(t.name for t in item.tags.all()),
                "condition": item.condition,
                "suggested_deposit": str(item.suggested_deposit)
                if item.suggested_deposit is not None
                else None,
                "max_loan_days": item.max_loan_days,
                "quartier": item.quartier.name if item.quartier else None,
                "photos": [p.image.name for p in item.photos.all()],
                "created_at": item.created_at.isoformat(),
            }
            for item in items
        ],
        "loans": [
            {
                "id": loan.pk,
                "object": loan.item.title,
                "role": "borrower" if loan.borrower_id == resident.pk else "lender",
                "starts_on": loan.starts_on.isoformat(),
                "ends_on": loan.ends_on.isoformat(),
                "status": loan.status,
                "message": loan.message if loan.borrower_id == resident.pk else "",
                "decline_reason": loan.decline_reason,
                "cancel_reason": loan.cancel_reason,
                "return_note": loan.return_note,
            }
            for loan in loans
        ],
        "reviews_written": [
            {"loan": r.loan_id, "rating": r.rating, "comment": r.comment}
            for r in Review.objects.filter(author=resident)
        ],
        "reviews_received": [
            {"loan": r.loan_id, "rating": r.rating, "comment": r.comment}
            for r in Review.objects.filter(subject=resident)
        ],
    }


@transaction.atomic
def forget(resident) -> None:
    """Delete the resident's objects (with their loans), pending requests and
    reviews received; loans borrowed and reviews written stay for the other
    party, shown as "Ancien voisin" (author/borrower set to NULL)."""
    for item in Item.objects.filter(owner=resident):
        for photo in item.photos.all():
            photo.image.delete(save=False)
            photo.thumbnail.delete(save=False)
        item.delete()
    Item.objects.filter(created_by=resident).update(created_by=None)
    Loan.objects.filter(borrower=resident, status=Loan.Status.REQUESTED).delete()
    Loan.objects.filter(borrower=resident).update(borrower=None, message="")
    Loan.objects.filter(lender=resident).update(lender=None)
    Review.objects.filter(subject=resident).delete()
    Review.objects.filter(author=resident).update(author=None)
    LoanFeed.objects.filter(resident=resident).delete()
