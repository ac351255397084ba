"""The steps of a loan, in one table: which service each step calls, who may
take it and when, the words of its button and of the message once taken.

The loan page (objets/views.py and its template), the API (api/routers/objects.py)
and the read model (objets.selectors.loan_page_for) all read this table: the
step names are the site's and the API's step URLs. The services stay the judge
of every step (they lock the loan and check it again); `when` only says which
buttons a party sees. What each step asks for is the surface's own: the
site's forms (objets.views.STEP_FORMS), the API's payloads."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from objets.models import Loan
from objets.services import loans as services

S = Loan.Status


@dataclass(frozen=True)
class Standing:
    """What a party's side of a loan is, as the `when` of a step reads it."""

    is_lender: bool
    handover_done: bool
    can_review: bool


@dataclass(frozen=True)
class Step:
    name: str  # URL segment of the site and the API
    service: Callable  # keyword-only service of objets.services.loans
    who: Literal["lender", "borrower", "party"]
    when: Callable[[Loan, Standing], bool]
    label: Promise  # the button's text
    done: Promise  # the message once the step is taken
    button: str = "button"  # the button's CSS classes
    lender_label: Promise | None = None  # the button's text for the lender, when it differs
    actor_argument: str = "actor"  # the service's keyword for who takes the step

    def allows(self, loan: Loan, standing: Standing) -> bool:
        side = "lender" if standing.is_lender else "borrower"
        return self.who in ("party", side) and self.when(loan, standing)

    def label_for(self, *, is_lender: bool):
        return self.lender_label if is_lender and self.lender_label else self.label

    def take(self, *, loan: Loan, actor, **data):
        """Call the step's service; `data` is the form's or the API payload's fields."""
        return self.service(loan=loan, **{self.actor_argument: actor}, **data)


# In the order the site shows the buttons and the API lists `actions`.
STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            name="accept",
            service=services.accept_loan,
            who="lender",
            when=lambda loan, _s: loan.status == S.REQUESTED,
            label=_("Accept"),
            done=_("Request accepted. Agree with your neighbour on the handover."),
        ),
        Step(
            name="decline",
            service=services.decline_loan,
            who="lender",
            when=lambda loan, _s: loan.status == S.REQUESTED,
            label=_("Decline"),
            done=_("Request declined."),
            button="button ghost",
        ),
        Step(
            name="handover",
            service=services.confirm_handover,
            who="party",
            when=lambda loan, s: loan.status == S.ACCEPTED and not s.handover_done,
            label=_("I received it"),
            lender_label=_("I handed it over"),
            done=_("Handover confirmed."),
        ),
        Step(
            name="returned",
            service=services.mark_returned,
            who="borrower",
            when=lambda loan, _s: loan.status == S.ONGOING,
            label=_("I returned it"),
            done=_("Return noted: the lender will confirm it."),
        ),
        Step(
            name="confirm-return",
            service=services.confirm_return,
            who="lender",
            when=lambda loan, _s: loan.status in (S.ONGOING, S.RETURNED),
            label=_("I got it back"),
            done=_("Return confirmed. Thank you for lending!"),
        ),
        Step(
            name="cancel",
            service=services.cancel_loan,
            who="party",
            when=lambda loan, _s: loan.status in (S.REQUESTED, S.ACCEPTED),
            label=_("Cancel the loan"),
            done=_("Loan cancelled."),
            button="button danger",
        ),
        Step(
            name="review",
            service=services.leave_review,
            who="party",
            when=lambda _loan, s: s.can_review,
            label=_("Send my review"),
            done=_("Thank you for your review."),
            actor_argument="author",
        ),
    )
}


def available_steps(*, loan: Loan, standing: Standing) -> list[Step]:
    """The steps a party of `loan` may take now, in the table's order."""
    return [step for step in STEPS.values() if step.allows(loan, standing)]


@dataclass(frozen=True)
class StepForm:
    """A step as the loan page draws it: its button's text and its form."""

    step: Step
    label: object
    form: forms.Form | None

    @property
    def name(self) -> str:
        return self.step.name


def step_forms(
    steps: list[Step], *, form_classes: dict, is_lender: bool, bound: dict | None = None
) -> list[StepForm]:
    """The page's step buttons with the site's form of each step (`form_classes`, by
    step name); `bound` holds a form refused, by step name, to show its errors."""
    bound = bound or {}
    return [
        StepForm(
            step=step,
            label=step.label_for(is_lender=is_lender),
            form=bound.get(step.name)
            or (form_classes[step.name]() if step.name in form_classes else None),
        )
        for step in steps
    ]
