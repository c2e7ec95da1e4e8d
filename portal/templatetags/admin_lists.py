"""``{% labelled_row %}``: a change list's row, its cells naming their columns.

See portal.admin_lists.
"""

from django import template

from portal import admin_lists

register = template.Library()


@register.simple_tag
def labelled_row(result, result_headers):
    return admin_lists.labelled_row(result, result_headers)
