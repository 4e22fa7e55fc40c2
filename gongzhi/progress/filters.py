"""The ledger's filter bar: a task's text or one of its units, and its derived status."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core import clock
from gongzhi.core.filters import ListFilterSet, choice_filter
from gongzhi.programs.models import Assignment, Task
from gongzhi.progress.ledger import Status, status_expression


class LedgerFilter(ListFilterSet):
    """Filters tasks annotated by `with_status`."""

    search_placeholder = _("任务内容或单位名称")

    status = choice_filter(_("状态"), Status.choices, _("全部状态"), method="by_status")

    class Meta:
        model = Task
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        units = Assignment.objects.filter(task=OuterRef("pk"), unit__name__icontains=value)
        return queryset.filter(
            Q(text__icontains=value) | Q(pilot__community__name__icontains=value) | Exists(units)
        )

    def by_status(self, queryset, name, value):
        return queryset.alias(gz_status=status_expression(clock.today())).filter(gz_status=value)
