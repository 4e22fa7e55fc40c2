"""`{% reveal object "phone" %}`: a personal value, masked, with the control that reveals it to
whoever may (a reason asked, the answer fetched by POST and swapped in)."""

from django import template

from gongzhi.core.reveal import REASONS, may_reveal, reveal_url

register = template.Library()


@register.inclusion_tag("includes/reveal.html", takes_context=True)
def reveal(context, obj, name):
    value = getattr(obj, name)
    user = context["request"].user
    return {
        "masked": value,
        "url": reveal_url(obj, name) if value and may_reveal(user, obj) else "",
        "kind": getattr(value, "kind", ""),
        "reasons": REASONS,
        "csrf_token": context.get("csrf_token"),
    }
