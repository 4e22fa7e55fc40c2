from gongzhi.core.filters import AuditFilter
from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import Perm
from gongzhi.core.views import ScopedDetailView, ScopedListView


class AuditListView(ScopedListView):
    model = AuditEntry
    permission = Perm.VIEW_AUDIT
    template_name = "core/audit_list.html"
    filterset_class = AuditFilter

    def narrow_queryset(self, queryset):
        return queryset.select_related("actor_unit", "unit")


class AuditDetailView(ScopedDetailView):
    model = AuditEntry
    permission = Perm.VIEW_AUDIT
    template_name = "core/audit_detail.html"
