from django.utils.translation import gettext_lazy as _

from gongzhi.accounts.models import User
from gongzhi.core.filters import ListFilterSet, choice_filter
from gongzhi.core.roles import Role


class UserFilter(ListFilterSet):
    search_fields = ("username", "full_name")
    search_placeholder = _("用户名或姓名")

    role = choice_filter(
        _("角色"), Role.choices, _("全部角色"), field_name="grants__role", distinct=True
    )

    class Meta:
        model = User
        fields = ["q", "role"]
