"""The worklist's table: Django's ``result_list`` context, the rows from the change list."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers

register = template.Library()


@register.inclusion_tag("admin/change_list_results.html")
def worklist_results(cl):
    """Headers and sort state as Django builds them; the rows in one pass (no list_editable)."""
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": [],
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": cl.result_rows(headers),
    }
