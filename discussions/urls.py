from django.urls import path

from discussions.views import conversations, feed, help, moderation, offered, rides

urlpatterns = [
    path("fil/", feed.feed, name="feed"),
    path("fil/nouveau/", feed.new_post, name="new_post"),
    path("fil/mes-annonces/", feed.my_posts, name="my_posts"),
    path("fil/sans-reponse/", help.unanswered, name="unanswered_requests"),
    path("fil/atom/", feed.PublicPostsFeed(), name="feed_atom"),
    path("fil/<int:post_id>/", feed.post_detail, name="post"),
    path("fil/<int:post_id>/fragment/", feed.post_fragment, name="post_fragment"),
    path("fil/<int:post_id>/modifier/", feed.edit_post, name="edit_post"),
    path("fil/<int:post_id>/supprimer/", feed.delete_post, name="delete_post"),
    path("fil/<int:post_id>/commenter/", feed.comment, name="comment"),
    path("fil/<int:post_id>/reagir/", feed.react, name="react"),
    path("fil/<int:post_id>/signaler/", feed.report, name="report_post"),
    path(
        "fil/<int:post_id>/commentaires/<int:comment_id>/signaler/",
        feed.report,
        name="report_comment",
    ),
    path("fil/<int:post_id>/aider/", help.offer_help, name="offer_help"),
    path(
        "fil/<int:post_id>/aider/<int:offer_id>/repondre/",
        help.reply_to_offer,
        name="reply_to_offer",
    ),  # fmt: skip
    path("fil/<int:post_id>/regler/", help.close, name="close_post"),
    path("avis/fil/<int:post_id>/", help.review_post, name="review_post"),
    path("avis/<int:review_id>/repondre/", help.reply_to_review, name="reply_to_review"),
    path("avis/<int:review_id>/moderer/", help.moderate_review, name="moderate_review"),
    path("avis/<int:review_id>/signaler/", help.report_review, name="report_review"),
    path(
        "messages/contacter/<str:kind>/<int:object_id>/", help.contact, name="contact"
    ),  # fmt: skip
    path("fil/<int:post_id>/renouveler/", feed.renew, name="renew_post"),
    path("fil/<int:post_id>/epingler/", feed.pin, name="pin_post"),
    path(
        "fil/commentaires/<int:comment_id>/fragment/",
        feed.comment_fragment,
        name="comment_fragment",
    ),  # fmt: skip
    path("fil/<int:post_id>/places/", rides.request_seat, name="request_seat"),
    path("fil/<int:post_id>/places/<int:seat_id>/", rides.answer_seat, name="answer_seat"),
    path("services/", offered.directory, name="services_directory"),
    path("profil/services/", offered.my_services, name="my_services"),
    path("profil/services/<int:service_id>/modifier/", offered.edit_service, name="edit_service"),
    path(
        "profil/services/<int:service_id>/supprimer/",
        offered.remove_service,
        name="remove_service",
    ),  # fmt: skip
    path("recherche/", feed.search, name="feed_search"),
    path("messages/", conversations.inbox, name="messages_inbox"),
    path("messages/<int:conversation_id>/", conversations.conversation, name="conversation"),
    path("messages/<int:conversation_id>/bloquer/", conversations.block, name="block"),
    path("messages/avec/<int:resident_id>/", conversations.write_to, name="write_to"),
    path(
        "messages/message/<int:message_id>/fragment/",
        conversations.message_fragment,
        name="message_fragment",
    ),  # fmt: skip
    path("moderation/", moderation.queue, name="moderation"),
    path("moderation/fil/<int:post_id>/", moderation.moderate_post, name="moderate_post"),
    path(
        "moderation/commentaires/<int:comment_id>/",
        moderation.moderate_comment,
        name="moderate_comment",
    ),  # fmt: skip
    path(
        "moderation/residents/<int:resident_id>/suspendre/",
        moderation.suspend,
        name="suspend_resident",
    ),  # fmt: skip
    path("moderation/mots/", moderation.watched_words, name="watched_words"),
    path("moderation/categories/", moderation.categories, name="categories"),
    path("moderation/journal/", moderation.log, name="moderation_log"),
]
