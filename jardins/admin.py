from django.contrib import admin

from jardins.models import Application, Garden, GardenEvent, Harvest, Membership, Plot, Task


class PlotInline(admin.TabularInline):
    model = Plot
    extra = 0
    raw_id_fields = ["holder"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["resident"]


@admin.register(Garden)
class GardenAdmin(admin.ModelAdmin):
    list_display = ["name", "address"]
    search_fields = ["name", "address"]
    inlines = [MembershipInline, PlotInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["garden", "applicant", "status", "priority", "created_at"]
    list_filter = ["status", "garden"]
    raw_id_fields = ["applicant", "priority_set_by", "plot"]


admin.site.register(Task)
admin.site.register(Harvest)
admin.site.register(GardenEvent)
