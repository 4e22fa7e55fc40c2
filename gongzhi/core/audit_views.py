from gongzhi.core.filters import AuditFilter
from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import Perm
from gongzhi.core.views import ScopedDetailView, ScopedListView


class AuditListView(ScopedListView):
    model = AuditEntry
    permission = Perm.VIEW_AUDIT
    template_name = "core/audit_list.html"

    def narrow_queryset(self, queryset):
        self.filterset = AuditFilter(self.request.GET or None, queryset=queryset)
        queryset = self.filterset.qs if self.filterset.is_bound else queryset
        return queryset.select_related("actor_unit", "unit")

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class AuditDetailView(ScopedDetailView):
    model = AuditEntry
    permission = Perm.VIEW_AUDIT
    template_name = "core/audit_detail.html"
