"""Admin for requests. This is the minimal first cut: identity, status and fees.

The reading of answers by section, the document checklist, workflow and roles
come with the back-office issue; until then the answers (which include
special categories of data) are deliberately not shown here.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Application, FeeAssessment


class FeeAssessmentInline(admin.TabularInline):
    model = FeeAssessment
    extra = 0
    fields = ("amount", "reason", "assessed_by", "assessed_at")
    readonly_fields = ("assessed_by", "assessed_at")
    can_delete = False

    def has_change_permission(self, request, obj=None):
        # An assessment is a record: a correction is a new assessment.
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("reference", "kind", "status", "surname", "submitted_at", "fee_quote_total")
    list_filter = ("kind", "status")
    search_fields = ("reference", "surname", "passport_number")
    show_full_result_count = False
    list_per_page = 50
    ordering = ("current_title_valid_until", "-submitted_at")
    fields = (
        "reference",
        "kind",
        "status",
        "submitted_at",
        "surname",
        "given_names",
        "date_of_birth",
        "nationality",
        "passport_number",
        "current_title_valid_until",
        "filed_on_time",
        "deadline",
        "deadline_effect",
        "fee_quote_total",
        "quoted_fee_items",
    )
    readonly_fields = fields
    inlines = [FeeAssessmentInline]

    @admin.display(description=_("quoted fee items"))
    def quoted_fee_items(self, obj):
        return "; ".join(
            f"{item['label']} ({item['basis']}): {item['amount']} EUR"
            for item in obj.fee_quote_items
        ) or _("set individually")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if instance.pk is None:
                instance.assessed_by = request.user
            instance.save()
        formset.save_m2m()
