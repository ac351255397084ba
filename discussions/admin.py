from django.contrib import admin

from discussions.models import Category, Comment, Conversation, Post, Report, WatchedWord


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "requires_approval", "is_active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "is_pinned", "created_at", "expires_at"]
    list_filter = ["kind", "status", "is_pinned"]
    search_fields = ["title"]
    raw_id_fields = ["author"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "post", "status", "created_at"]
    raw_id_fields = ["author", "post", "parent"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["reason", "post", "comment", "created_at", "resolved_at"]
    raw_id_fields = ["reporter", "post", "comment"]


@admin.register(WatchedWord)
class WatchedWordAdmin(admin.ModelAdmin):
    list_display = ["word", "action"]


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["pk", "created_at", "last_message_at"]
    raw_id_fields = ["first", "second", "post"]
