"""The loan workflow: request → accepted (or declined) → both confirm the
handover → returned → the owner confirms; cancel before the handover;
reviews after the return. Every step notifies the other party."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from objets.models import Blackout, Item, Loan, Review
from objets.services.photos import resized
from voisinages.models import Resident
from voisinages.notifications import notify

S = Loan.Status


def _notify(loan: Loan, *, recipient, actor, kind: str, title: str, body: str = "") -> None:
    if recipient is None:
        return
    notify(
        recipients=[recipient],
        kind=kind,
        title=title,
        body=body,
        url=loan.get_absolute_url(),
        actor=actor,
        target=loan,
    )


def _transition(loan: Loan, *, recipient, actor, kind: str, title: str, body: str = "") -> Loan:
    """Save a loan (new, or whose step is taken; checked by the model first)
    and tell the other party."""
    loan.full_clean()
    loan.save()
    _notify(loan, recipient=recipient, actor=actor, kind=kind, title=title, body=body)
    return loan


def _lock(loan: Loan) -> Loan:
    """Serialise every change of one object's loans on the object's row, then
    re-read the loan (another request may have changed it meanwhile)."""
    Item.objects.select_for_update().filter(pk=loan.item_id).first()
    return Loan.objects.select_related("item", "borrower", "lender").get(pk=loan.pk)


def _require_status(loan: Loan, *statuses) -> None:
    if loan.status not in statuses:
        raise ValidationError(
            _("This loan is “%(status)s”: this step is not possible any more.")
            % {"status": loan.get_status_display()}
        )


def _overlapping(item_id: int, starts_on: date, ends_on: date):
    return Loan.objects.filter(item_id=item_id, starts_on__lte=ends_on, ends_on__gte=starts_on)


@transaction.atomic
def request_loan(
    *, item: Item, borrower: Resident, starts_on: date, ends_on: date, message: str = ""
) -> Loan:
    """Ask the object's owner to borrow it from `starts_on` to `ends_on` (both included)."""
    if not borrower.can_post:
        raise PermissionDenied(_("Only verified residents can do this."))
    if not item.is_active:
        raise ValidationError(_("This object is not lent at the moment."))
    keeper = item.keeper
    if keeper is not None and keeper.pk == borrower.pk:
        raise ValidationError(_("You cannot borrow your own object."))
    if keeper is None:
        raise ValidationError(_("Nobody answers for this object at the moment."))
    # Field by field where one date is at fault (the site's form and the API
    # show the message next to it).
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date must be on or after the start date.")})
    if starts_on < timezone.localdate():
        raise ValidationError({"starts_on": _("A loan cannot start in the past.")})
    days = (ends_on - starts_on).days + 1
    if days > item.max_loan_days:
        raise ValidationError(
            {
                "ends_on": _("This object is lent for at most %(days)s days.")
                % {"days": item.max_loan_days}
            }
        )
    if Blackout.objects.filter(item=item, starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        raise ValidationError(_("The owner has marked some of these days as unavailable."))
    if _overlapping(item.pk, starts_on, ends_on).filter(status__in=Loan.HOLDING).exists():
        raise ValidationError(_("The object is already lent on some of these days."))
    if (
        _overlapping(item.pk, starts_on, ends_on)
        .filter(borrower=borrower, status=S.REQUESTED)
        .exists()
    ):
        raise ValidationError(_("You have already asked for these days."))
    loan = Loan(
        item=item,
        borrower=borrower,
        lender=keeper,
        starts_on=starts_on,
        ends_on=ends_on,
        message=message.strip(),
    )
    return _transition(
        loan,
        recipient=keeper,
        actor=borrower,
        kind="objets.loan.requested",
        title=_("%(name)s would like to borrow “%(item)s”")
        % {"name": borrower.display_name, "item": item.title},
        body=loan.message,
    )


def _check_lender(loan: Loan, actor: Resident) -> None:
    if loan.lender_id != actor.pk:
        raise PermissionDenied(_("Only the lender can answer this request."))


@transaction.atomic
def accept_loan(*, loan: Loan, actor: Resident) -> Loan:
    """The lender accepts; the other pending requests over the same days are
    declined automatically. The database refuses any overlap that slips through."""
    loan = _lock(loan)
    _check_lender(loan, actor)
    _require_status(loan, S.REQUESTED)
    if loan.starts_on < timezone.localdate():
        raise ValidationError(_("A loan cannot start in the past."))
    overlapping = _overlapping(loan.item_id, loan.starts_on, loan.ends_on).exclude(pk=loan.pk)
    if overlapping.filter(status__in=Loan.HOLDING).exists():
        raise ValidationError(_("The object is already lent on some of these days."))
    if Blackout.objects.filter(
        item_id=loan.item_id, starts_on__lte=loan.ends_on, ends_on__gte=loan.starts_on
    ).exists():
        raise ValidationError(_("You marked some of these days as unavailable."))
    loan.status = S.ACCEPTED
    loan.full_clean()
    try:
        with transaction.atomic():
            loan.save()
    except IntegrityError as exc:
        raise ValidationError(_("The object is already lent on some of these days.")) from exc
    _notify(
        loan,
        recipient=loan.borrower,
        actor=actor,
        kind="objets.loan.accepted",
        title=_("“%(item)s”: your request is accepted") % {"item": loan.item.title},
    )
    reason = _("The object was lent to someone else on these days.")
    for other in overlapping.filter(status=S.REQUESTED).select_related("borrower"):
        other.status, other.decline_reason = S.DECLINED, reason
        other.save(update_fields=["status", "decline_reason", "updated_at"])
        _notify(
            other,
            recipient=other.borrower,
            actor=actor,
            kind="objets.loan.declined",
            title=_("“%(item)s”: your request is declined") % {"item": loan.item.title},
            body=reason,
        )
    return loan


@transaction.atomic
def decline_loan(*, loan: Loan, actor: Resident, reason: str) -> Loan:
    """The lender declines a request, saying why."""
    loan = _lock(loan)
    _check_lender(loan, actor)
    _require_status(loan, S.REQUESTED)
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a reason: it helps your neighbour.")})
    loan.status, loan.decline_reason = S.DECLINED, reason.strip()
    return _transition(
        loan,
        recipient=loan.borrower,
        actor=actor,
        kind="objets.loan.declined",
        title=_("“%(item)s”: your request is declined") % {"item": loan.item.title},
        body=loan.decline_reason,
    )


def _check_party(loan: Loan, actor: Resident, message: str) -> None:
    if actor.pk not in (loan.lender_id, loan.borrower_id):
        raise PermissionDenied(message)


@transaction.atomic
def cancel_loan(*, loan: Loan, actor: Resident, reason: str = "") -> Loan:
    """Either party cancels a request or an accepted loan before the handover."""
    loan = _lock(loan)
    _check_party(loan, actor, _("Only the lender or the borrower can cancel this loan."))
    _require_status(loan, S.REQUESTED, S.ACCEPTED)
    if loan.lender_handover_at and loan.borrower_handover_at:
        raise ValidationError(_("The object was handed over: it can only be returned now."))
    loan.status, loan.cancel_reason, loan.cancelled_by = S.CANCELLED, reason.strip(), actor
    loan.lender_handover_at = loan.borrower_handover_at = None
    return _transition(
        loan,
        recipient=loan.other_party(actor),
        actor=actor,
        kind="objets.loan.cancelled",
        title=_("“%(item)s”: %(name)s cancelled the loan")
        % {"item": loan.item.title, "name": actor.display_name},
        body=loan.cancel_reason,
    )


@transaction.atomic
def confirm_handover(*, loan: Loan, actor: Resident) -> Loan:
    """One party confirms the object changed hands; once both have, the loan is ongoing."""
    loan = _lock(loan)
    _check_party(loan, actor, _("Only the lender or the borrower can confirm the handover."))
    _require_status(loan, S.ACCEPTED)
    now = timezone.now()
    is_lender = actor.pk == loan.lender_id
    if is_lender:
        loan.lender_handover_at = loan.lender_handover_at or now
    else:
        loan.borrower_handover_at = loan.borrower_handover_at or now
    started = bool(loan.lender_handover_at and loan.borrower_handover_at)
    if started:
        loan.status = S.ONGOING
        title = _("“%(item)s”: the loan has started, to be returned on %(date)s") % {
            "item": loan.item.title,
            "date": loan.ends_on.strftime("%d/%m/%Y"),
        }
        kind = "objets.loan.started"
    else:
        title = _("“%(item)s”: %(name)s confirmed the handover, please confirm too") % {
            "item": loan.item.title,
            "name": actor.display_name,
        }
        kind = "objets.loan.handover"
    return _transition(loan, recipient=loan.other_party(actor), actor=actor, kind=kind, title=title)


@transaction.atomic
def mark_returned(*, loan: Loan, actor: Resident) -> Loan:
    """The borrower says the object is back; the lender then confirms."""
    loan = _lock(loan)
    if actor.pk != loan.borrower_id:
        raise PermissionDenied(_("Only the borrower can say the object is back."))
    _require_status(loan, S.ONGOING)
    loan.status, loan.returned_at = S.RETURNED, timezone.now()
    return _transition(
        loan,
        recipient=loan.lender,
        actor=actor,
        kind="objets.loan.returned",
        title=_("“%(item)s”: %(name)s has returned it, please confirm")
        % {"item": loan.item.title, "name": actor.display_name},
    )


@transaction.atomic
def confirm_return(*, loan: Loan, actor: Resident, condition_note: str = "", photo=None) -> Loan:
    """The lender confirms the object is back, with an optional note and photo on its condition."""
    loan = _lock(loan)
    if actor.pk != loan.lender_id:
        raise PermissionDenied(_("Only the lender can confirm the return."))
    _require_status(loan, S.ONGOING, S.RETURNED)
    now = timezone.now()
    loan.status = S.COMPLETED
    loan.returned_at = loan.returned_at or now
    loan.return_confirmed_at = now
    loan.return_note = condition_note.strip()
    if photo is not None:
        full, _thumb = resized(photo)
        loan.return_photo.save("retour.jpg", full, save=False)
    return _transition(
        loan,
        recipient=loan.borrower,
        actor=actor,
        kind="objets.loan.completed",
        title=_("“%(item)s”: return confirmed, thank you! Leave a review?")
        % {"item": loan.item.title},
        body=loan.return_note,
    )


@transaction.atomic
def leave_review(*, loan: Loan, author: Resident, rating: int, comment: str = "") -> Review:
    """After the return, each party rates the other once (1 to 5) with a comment."""
    loan = _lock(loan)
    _check_party(loan, author, _("Only the lender or the borrower can review this loan."))
    if loan.status not in (S.RETURNED, S.COMPLETED):
        raise ValidationError(_("You can leave a review once the object is returned."))
    subject = loan.other_party(author)
    if subject is None:
        raise ValidationError(_("This neighbour has left the network."))
    if Review.objects.filter(loan=loan, author=author).exists():
        raise ValidationError(_("You have already reviewed this loan."))
    review = Review(
        loan=loan, author=author, subject=subject, rating=rating, comment=comment.strip()
    )
    review.full_clean()
    review.save()
    _notify(
        loan,
        recipient=subject,
        actor=author,
        kind="objets.loan.reviewed",
        title=_("%(name)s left you a review (%(rating)s/5)")
        % {"name": author.display_name, "rating": rating},
        body=review.comment,
    )
    return review
