"""The help loop's pages: contact in one tap, "Je peux aider", "C'est réglé",
thanks and reviews. Every page works without JavaScript (forms and links)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from discussions import selectors
from discussions.forms import MessageForm, ReportForm
from discussions.services import help as services
from discussions.services import interactions as services_reports
from discussions.views import apply_errors
from socle.params import clean_text, parse_id
from socle.ratelimits import enforce_rate_limit
from voisinages import roles
from voisinages.contact import resolve_subject
from voisinages.permissions import posting_required, resident_required, role_required


def _contact_target(request, kind: str, object_id: int) -> tuple:
    """(recipient, label, post, subject) for a contact page: a post's author, a
    neighbour, or what another app declared (an object's keeper)."""
    if kind == "fil":
        post = selectors.get_post_for(viewer=request.user, post_id=object_id)
        return post.author, post.author_label, post, None
    if kind == "voisin":
        neighbour = selectors.get_neighbour(viewer=request.user, resident_id=object_id)
        return neighbour, neighbour.display_name, None, None
    subject = resolve_subject(kind, viewer=request.user, object_id=object_id)
    return subject.recipient, subject.name, None, subject


@posting_required
def contact(request, kind: str, object_id: int):
    """ "Contacter <Prénom>": the conversation about this post (or with this
    neighbour) continues, or starts; or the public way if they refuse messages."""
    recipient, label, post, subject = _contact_target(request, kind, object_id)
    state = selectors.contact_state(viewer=request.user, recipient=recipient)
    if state is None:
        raise Http404
    form = MessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not state.can_message:
            status = 403
        elif form.is_valid():
            enforce_rate_limit(request, "message")
            try:
                conversation = services.contact_about(
                    sender=request.user,
                    recipient=recipient,
                    post=post,
                    subject_title=subject.title if subject else "",
                    subject_url=subject.url if subject else "",
                    body=form.cleaned_data["body"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            except PermissionDenied as refusal:
                form.add_error(None, str(refusal))
                status = 403
            else:
                return redirect(conversation)
        if form.errors and status == 200:
            status = 400
    elif not state.can_message:
        status = 200
    return render(
        request,
        "discussions/contact.html",
        {
            "recipient": recipient,
            "recipient_label": label,
            "post": post,
            "subject": subject,
            "state": state,
            "form": form,
        },
        status=status,
    )


@require_POST
@posting_required
def offer_help(request, post_id):
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    enforce_rate_limit(request, "message")
    try:
        offer = services.offer_help(
            post=post,
            helper=request.user,
            message=clean_text(request.POST.get("message"), max_length=2000),
        )
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
        return redirect(post)
    if offer.conversation_id:
        return redirect(offer.conversation)
    messages.success(
        request,
        _("Your offer of help is sent to %(name)s.") % {"name": post.author_label},
    )
    return redirect(post)


@require_POST
@resident_required
def reply_to_offer(request, post_id, offer_id):
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    offer = selectors.get_help_offer_for(viewer=request.user, post=post, offer_id=offer_id)
    try:
        conversation = services.reply_to_offer(offer=offer, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(post)
    return redirect(conversation)


@resident_required
def close(request, post_id):
    """ "C'est réglé": the author says who helped, then may thank them."""
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    if not services.can_close(post, request.user):
        raise PermissionDenied(_("Only the author of this request can close it."))
    candidates = services.help_candidates(post)
    error = ""
    if request.method == "POST":
        helper_ids = [parse_id(value) for value in request.POST.getlist("helpers")[:50]]
        try:
            if None in helper_ids:
                raise ValidationError(_("Choose neighbours from the list."))
            services.close_request(
                post=post,
                by=request.user,
                helper_ids=helper_ids,
                nobody=request.POST.get("nobody") == "1",
            )
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("Your request is closed. Thank you for telling us!"))
            if post.author_id == request.user.pk and helper_ids:
                return redirect("review_post", post_id=post.pk)
            return redirect(post)
    return render(
        request,
        "discussions/close.html",
        {"post": post, "candidates": candidates, "error": error},
        status=400 if error else 200,
    )


@resident_required
def review_post(request, post_id):
    """Thank (and optionally rate) the neighbours of a closed request."""
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    subjects = services.reviewable_subjects(post, request.user)
    if not subjects:
        raise PermissionDenied(_("Only the people who took part can leave a review."))
    done = set(post.reviews.filter(author=request.user).values_list("subject_id", flat=True))
    error = ""
    if request.method == "POST":
        subject_id = parse_id(request.POST.get("subject"))
        subject = next((s for s in subjects if s.pk == subject_id), None)
        try:
            if subject is None:
                raise PermissionDenied(_("Only the people who took part can leave a review."))
            services.leave_help_review(
                post=post,
                author=request.user,
                subject=subject,
                rating=clean_text(request.POST.get("rating"), max_length=2),
                comment=clean_text(request.POST.get("comment"), max_length=2000),
            )
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("Thank you: your review is published."))
            return redirect("review_post", post_id=post.pk)
    return render(
        request,
        "discussions/review_post.html",
        {"post": post, "subjects": subjects, "done": done, "error": error},
        status=400 if error else 200,
    )


@require_POST
@resident_required
def reply_to_review(request, review_id):
    review = selectors.get_review_for(viewer=request.user, review_id=review_id)
    try:
        services.reply_to_review(
            review=review,
            by=request.user,
            body=clean_text(request.POST.get("reply"), max_length=2000),
        )
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("Your answer is published."))
    return redirect("profile", resident_id=review.subject_id)


@require_POST
@resident_required
def moderate_review(request, review_id):
    review = selectors.get_review_for(viewer=request.user, review_id=review_id)
    services.hide_review(
        review=review,
        by=request.user,
        reason=clean_text(request.POST.get("reason"), max_length=500),
        hidden=request.POST.get("action") != "restore",
    )
    messages.success(request, _("The review is moderated."))
    if request.POST.get("next") == "moderation":
        return redirect("moderation")
    return redirect("profile", resident_id=review.subject_id)


@resident_required
def report_review(request, review_id):
    """Report a review to the moderators (the same reports as posts and comments)."""
    review = selectors.get_review_for(viewer=request.user, review_id=review_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enforce_rate_limit(request, "report")
        try:
            services_reports.report_content(
                reporter=request.user, review=review, **form.cleaned_data
            )
        except ValidationError as refusal:
            apply_errors(form, refusal)
        else:
            messages.success(request, _("Thank you: the moderators will look at it."))
            return redirect(reverse("profile", args=[review.subject_id]) + "#avis")
    return render(
        request,
        "discussions/report_review.html",
        {"review": review, "form": form},
        status=400 if form.errors else 200,
    )


@role_required(roles.VOISIN_SOLIDAIRE, roles.AMBASSADOR)
def unanswered(request):
    """Requests without an answer for 48 hours, for voisins solidaires and
    ambassadors: "Je peux aider" or a message to the author, in one tap."""
    return render(
        request,
        "discussions/unanswered.html",
        {"posts": selectors.unanswered_requests(viewer=request.user)},
    )
