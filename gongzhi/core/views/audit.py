from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from gongzhi.core import audit_search
from gongzhi.core.audit import Action, audit_record
from gongzhi.core.audit_display import describe, object_type_label
from gongzhi.core.audit_export import MAX_ROWS, audit_workbook, filter_summary
from gongzhi.core.excel import dated_filename, xlsx_response
from gongzhi.core.filters import AuditFilter
from gongzhi.core.models import AuditEntry
from gongzhi.core.paging import CursorPaginationMixin
from gongzhi.core.roles import Perm
from gongzhi.core.views import ScopedDetailView, ScopedListView, ScopedViewMixin


class AuditListView(CursorPaginationMixin, ScopedListView):
    """Newest first, paged by (time, id): any page costs what the first does, and nothing
    counts the whole log."""

    model = AuditEntry
    permission = Perm.VIEW_AUDIT
    template_name = "core/audit_list.html"
    filterset_class = AuditFilter

    def narrow_queryset(self, queryset):
        return queryset.select_related("actor_unit", "unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        describe(context["object_list"])
        context["can_export"] = self.access.has_perm(Perm.EXPORT_AUDIT)
        words = self.request.GET.get("q", "").strip()
        context["names_only"] = words if audit_search.names_only(words) else ""
        return context


class AuditDetailView(ScopedDetailView):
    model = AuditEntry
    permission = Perm.VIEW_AUDIT
    template_name = "core/audit_detail.html"

    def narrow_queryset(self, queryset):
        return queryset.select_related("actor_unit", "unit")

    def get_context_data(self, **kwargs):
        describe([self.object])
        return super().get_context_data(object_type_label=object_type_label(self.object), **kwargs)


class AuditExportView(ScopedViewMixin, View):
    """The list page's entries under its filters, as an Excel file; the export is audited."""

    model = AuditEntry
    permission = Perm.EXPORT_AUDIT

    def filter_queryset(self, queryset):
        self.filterset = AuditFilter(self.request.GET, queryset=queryset, request=self.request)
        return self.filterset.qs if self.filterset.is_valid() else queryset.none()

    def get(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        back = f"{reverse('core:audit-list')}?{request.GET.urlencode()}"
        if not self.filterset.is_valid():
            return redirect(back)
        total = queryset.count()
        if total > MAX_ROWS:
            messages.error(
                request,
                _("符合条件的记录有 %(n)d 条，超过单次导出上限 %(max)d 条，请缩小日期范围。")
                % {"n": total, "max": MAX_ROWS},
            )
            return redirect(back)
        content = audit_workbook(queryset)
        audit_record(
            actor=request.user,
            action=Action.EXPORT,
            message=_("导出审计日志（%(n)d 条；筛选：%(filters)s）")
            % {"n": total, "filters": filter_summary(self.filterset)},
        )
        return xlsx_response(content, dated_filename(_("审计日志")))
