from django import template

from gongzhi.funds.rules import yuan as format_yuan

register = template.Library()


@register.filter
def yuan(amount) -> str:
    """12000 → “12,000.00”, as the rules' messages write it."""
    return format_yuan(amount)
