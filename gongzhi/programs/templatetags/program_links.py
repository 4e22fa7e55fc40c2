"""Links to a program's management pages, for those who may manage programs."""

from django import template

from gongzhi.core.access import access_for
from gongzhi.core.roles import Perm

register = template.Library()


@register.simple_tag(takes_context=True)
def may_manage_programs(context) -> bool:
    """Whether the user manages programs somewhere (from the grants already loaded: no query).
    The pages linked check the program itself and refuse (403) a program out of reach."""
    return access_for(context["request"].user).has_perm(Perm.MANAGE_PROGRAMS)
