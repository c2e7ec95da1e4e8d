"""Admin for requests. This is the minimal first cut: identity, status and fees.

The reading of answers by section, the document checklist, workflow and roles
come with the back-office issue; until then the answers (which include
special categories of data) are deliberately not shown here.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
from .constants import RequestKind
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
        "max_permit_until",
        "must_bring_sponsor",
        "release_declared_at",
        "release_declared_by",
        "release_declaration_link",
    )
    readonly_fields = fields
    inlines = [FeeAssessmentInline]
    actions = ["issue_release_declaration"]

    @admin.action(
        description=_("Issue the release declaration to the bank (blocked account)"),
        permissions=["change"],
    )
    def issue_release_declaration(self, request, queryset):
        issued = 0
        for application in queryset.filter(kind=RequestKind.BLOCKED_ACCOUNT_RELEASE):
            try:
                services.release_declaration_issue(application_id=application.pk, by=request.user)
            except services.AlreadyDeclared:
                self.message_user(
                    request,
                    _("%(reference)s: the declaration was already issued.")
                    % {"reference": application.reference},
                    level=messages.WARNING,
                )
                continue
            issued += 1
        skipped = queryset.exclude(kind=RequestKind.BLOCKED_ACCOUNT_RELEASE).count()
        if skipped:
            self.message_user(
                request,
                _("%(count)d selected requests are not blocked-account releases.")
                % {"count": skipped},
                level=messages.WARNING,
            )
        if issued:
            self.message_user(
                request, _("%(count)d release declarations issued.") % {"count": issued}
            )

    @admin.display(description=_("release declaration"))
    def release_declaration_link(self, obj):
        if not obj.release_declaration:
            return _("not issued")
        url = reverse("applications:release-declaration", kwargs={"reference": obj.reference})
        return format_html('<a href="{}">{}</a>', url, _("Download (PDF)"))

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
