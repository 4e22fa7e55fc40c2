"""The programs of the user's region."""

from gongzhi.core.roles import Perm
from gongzhi.core.views import ScopedListView
from gongzhi.programs.models import Program


class ProgramListView(ScopedListView):
    model = Program
    permission = Perm.VIEW_PROGRAMS
    template_name = "programs/program_list.html"

    def narrow_queryset(self, queryset):
        return queryset.select_related("region", "office_unit")

    def get_context_data(self, **kwargs):
        can_import = self.access.has_perm(Perm.MANAGE_PROGRAMS)
        return super().get_context_data(can_import=can_import, **kwargs)
