"""The feed, a post, a new post, comments, reactions, reports, search, Atom."""

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from discussions import selectors, services
from discussions.cards import render_cards
from discussions.forms import CommentForm, PostForm, ReportForm, kind_choices
from discussions.models import Post
from discussions.services import help as help_services
from discussions.services._common import is_staff_of_commune
from discussions.views import apply_errors, errors_as_messages
from socle.htmx import is_htmx, varies_on_htmx, wants_fragment
from socle.params import clean_text, parse_id, parse_int
from socle.ratelimits import enforce_rate_limit
from voisinages import roles
from voisinages.permissions import posting_required, resident_required


def feed(request):
    """The commune's feed (visitors: its public posts and an invitation to join)."""
    filters = {
        "kind": clean_text(request.GET.get("type"), max_length=40),
        "category": clean_text(request.GET.get("categorie"), max_length=100),
        "quartier": parse_id(request.GET.get("quartier")),
        "near_me": request.GET.get("pres") == "1",
    }
    page = selectors.feed_page(
        viewer=request.user,
        before=parse_id(request.GET.get("avant")),
        size=parse_int(request.GET.get("n"), maximum=100) or selectors.PAGE_SIZE,
        **filters,
    )
    query = request.GET.copy()
    query.pop("avant", None)
    if wants_fragment(request, "feed-results"):  # the filters: the list, from its top
        return varies_on_htmx(
            render(
                request,
                "discussions/_feed_results.html",
                {"page": page, "base_query": query.urlencode()},
            )
        )
    if is_htmx(request):  # "voir plus": the next cards and the next link only
        return varies_on_htmx(
            render(
                request,
                "discussions/_feed_page.html",
                {"page": page, "base_query": query.urlencode()},
            )
        )
    is_moderator = selectors.is_moderator(request.user)
    return varies_on_htmx(
        render(
            request,
            "discussions/feed.html",
            {
                "page": page,
                "filters": filters,
                "kinds": Post.Kind.choices,
                **selectors.feed_filters(),
                "base_query": query.urlencode(),
                "is_moderator": is_moderator,
                "moderation_count": selectors.moderation_count() if is_moderator else None,
            },
        )
    )


def post_detail(request, post_id):
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    member = request.user.is_authenticated
    return render(
        request,
        "discussions/post.html",
        {
            "post": post,
            "comments": selectors.comments_of(post=post, viewer=request.user),
            "my_reactions": selectors.reactions_of(post=post, viewer=request.user),
            "comment_form": CommentForm() if member else None,
            "report_form": ReportForm() if member else None,
            "is_moderator": selectors.is_moderator(request.user),
            "is_staff": member and is_staff_of_commune(request.user),
            "renewals_left": _renewals_left(request, post),
            "is_author": member and post.author_id == request.user.pk,
            **_help_context(request, post),
        },
    )


def _help_context(request, post):
    """What the help loop shows on a post: the contact button, the offers of
    help, "C'est réglé" and who helped."""
    if not request.user.is_authenticated:
        return {}
    offers = selectors.help_offers_for(post=post, viewer=request.user)
    return {
        "contact": selectors.contact_state(viewer=request.user, recipient=post.author),
        "help_offers": offers,
        "offered": any(o.helper_id == request.user.pk for o in offers),
        "can_close": post.is_listing
        and not post.is_closed
        and help_services.can_close(post, request.user),
        "post_helpers": list(post.helpers.select_related("resident")) if post.is_closed else [],
        "can_review": bool(help_services.reviewable_subjects(post, request.user)),
    }


def _renewals_left(request, post):
    if not post.is_listing or post.author_id != getattr(request.user, "pk", None):
        return 0
    return max(request.tenant.renewals_allowed - post.renewals_used, 0)


@resident_required
def post_fragment(request, post_id):
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    return HttpResponse(render_cards([post]))


@resident_required
def comment_fragment(request, comment_id):
    comment = selectors.get_comment_for(viewer=request.user, comment_id=comment_id)
    return render(request, "discussions/_comment.html", {"comment": comment, "reply": False})


@posting_required
def new_post(request):
    """First the kind (`?type=` on a GET, `kind` on a POST), then only its fields."""
    user = request.user
    allowed = [k for k in Post.Kind.values if k != Post.Kind.ALERTE or is_staff_of_commune(user)]
    source = request.POST if request.method == "POST" else request.GET
    kind = clean_text(source.get("kind" if request.method == "POST" else "type"), max_length=40)
    if kind not in allowed:
        error = None
        if kind or request.method == "POST":
            error = _("Choose what you want to post in the list below.")
        return render(
            request,
            "discussions/new_post_kind.html",
            {"kinds": kind_choices(allowed), "error": error},
            status=400 if error else 200,
        )
    on_behalf_ok = roles.has_role(user, roles.MEDIATOR)
    form = PostForm(
        request.POST or None,
        request.FILES or None,
        allowed_kinds=allowed,
        can_post_on_behalf=on_behalf_ok,
        kind=kind,
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = services.publish_post(author=user, **form.service_kwargs())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if post.status == Post.Status.PENDING:
                messages.info(request, _("Your post waits for a moderator's approval."))
            else:
                messages.success(request, _("Your post is published."))
            return redirect(post)
    return render(
        request, "discussions/new_post.html", {"form": form}, status=400 if form.errors else 200
    )


@posting_required
def edit_post(request, post_id):
    """The author's edit form (the new-post form, prefilled, the kind fixed)."""
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    try:
        services.check_can_edit(post=post, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(post)
    form = PostForm(
        request.POST or None,
        request.FILES or None,
        can_post_on_behalf=roles.has_role(request.user, roles.MEDIATOR),
        post=post,
    )
    if request.method == "POST" and form.is_valid():
        was_pending = post.status == Post.Status.PENDING
        try:
            post = services.edit_post(post=post, by=request.user, **form.edit_kwargs())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if post.status == Post.Status.PENDING and not was_pending:
                messages.info(request, _("Your changes wait for a moderator's approval."))
            else:
                messages.success(request, _("Your changes are saved."))
            return redirect(post)
    return render(
        request,
        "discussions/edit_post.html",
        {"form": form, "post": post},
        status=400 if form.errors else 200,
    )


@resident_required
def delete_post(request, post_id):
    """Asks for a confirmation (GET), then withdraws the post (POST)."""
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    if request.method == "POST":
        services.delete_post(post=post, by=request.user)
        messages.success(request, _("Your post is deleted."))
        return redirect("my_posts")
    services.check_can_delete(post=post, by=request.user)
    return render(request, "discussions/delete_post.html", {"post": post})


@require_POST
@posting_required
def comment(request, post_id):
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = selectors.get_comment_for(
                viewer=request.user, comment_id=form.cleaned_data["parent"]
            )
        try:
            created = services.add_comment(
                post=post, author=request.user, body=form.cleaned_data["body"], parent=parent
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if request.htmx:
                form = CommentForm()
            else:
                return redirect(post.get_absolute_url() + f"#commentaire-{created.pk}")
    if request.htmx:  # the comments and the form, fresh or with its errors
        return render(
            request,
            "discussions/_comments.html",
            {
                "post": post,
                "comments": selectors.comments_of(post=post, viewer=request.user),
                "comment_form": form,
                "report_form": ReportForm(),
            },
        )
    return render(
        request,
        "discussions/post.html",
        {
            "post": post,
            "comments": selectors.comments_of(post=post, viewer=request.user),
            "my_reactions": selectors.reactions_of(post=post, viewer=request.user),
            "comment_form": form,
            "report_form": ReportForm(),
        },
        status=400,
    )


@require_POST
@posting_required
def react(request, post_id):
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    try:
        services.toggle_reaction(
            post=post, resident=request.user, kind=request.POST.get("kind", "")
        )
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    if request.htmx:
        post = selectors.get_post_for(viewer=request.user, post_id=post_id)
        return render(
            request,
            "discussions/_reactions.html",
            {"post": post, "my_reactions": selectors.reactions_of(post=post, viewer=request.user)},
        )
    return redirect(post)


@require_POST
@resident_required
def report(request, post_id, comment_id=None):
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    target = {"post": post}
    if comment_id is not None:
        target = {"comment": selectors.get_comment_for(viewer=request.user, comment_id=comment_id)}
        if target["comment"].post_id != post.pk:
            raise PermissionDenied
    form = ReportForm(request.POST)
    if form.is_valid():
        enforce_rate_limit(request, "report")
        with errors_as_messages(request, _("Thank you: the moderators will look at it.")):
            services.report_content(reporter=request.user, **form.cleaned_data, **target)
    else:
        messages.error(request, _("Choose a reason for your report."))
    return redirect(post)


@require_POST
@posting_required
def renew(request, post_id):
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    with errors_as_messages(request, _("Your post is renewed.")):
        services.renew_post(post=post, by=request.user)
    return redirect(post)


@require_POST
@resident_required
def pin(request, post_id):
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    services.pin_post(post=post, by=request.user, pinned=request.POST.get("pinned") == "1")
    return redirect(post)


@resident_required
def my_posts(request):
    return render(
        request, "discussions/my_posts.html", {"posts": selectors.my_posts(viewer=request.user)}
    )


@resident_required
def search(request):
    query = clean_text(request.GET.get("q"))
    results = selectors.search_posts(viewer=request.user, query=query)
    return render(request, "discussions/search.html", {"query": query, "results": results})


class PublicPostsFeed(Feed):
    """Atom feed of the commune's public posts."""

    feed_type = Atom1Feed
    description = gettext_lazy("Public posts of the neighbours' network")

    def __call__(self, request, *args, **kwargs):
        self.commune = request.tenant
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("%(commune)s: the neighbours' feed") % {"commune": self.commune.name}

    def link(self):
        return reverse("feed")

    def items(self):
        return selectors.public_posts()

    def item_title(self, item):
        return f"{item.icon} {item.title}"

    def item_description(self, item):
        return item.body_html

    def item_author_name(self, item):
        return item.author_label

    def item_pubdate(self, item):
        return item.created_at
