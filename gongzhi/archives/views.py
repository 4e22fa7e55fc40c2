"""Start an archive: for one pilot community (anyone reaching the community: the community
itself, its street, the office) or for the whole program (the office). The zip is built in the
background; its job page shows progress and offers the download (audited)."""

from django.shortcuts import redirect
from django.utils.translation import gettext as _

from gongzhi.core.jobs import job_start
from gongzhi.core.roles import Perm
from gongzhi.core.views import ScopedObjectActionView
from gongzhi.programs.models import Pilot, Program


class ArchiveStartView(ScopedObjectActionView):
    changes = False

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        program, unit = self.program_and_unit(self.object)
        job = job_start(
            owner=request.user,
            kind="archive",
            title=_("档案：%(program)s · %(unit)s") % {"program": program.name, "unit": unit.name},
            params={"program": program.pk, "unit": unit.pk},
        )
        return redirect(job.get_absolute_url())


class PilotArchiveView(ArchiveStartView):
    model = Pilot
    permission = Perm.VIEW_PROGRAMS

    def narrow_queryset(self, queryset):
        return queryset.select_related("program", "community")

    @staticmethod
    def program_and_unit(pilot):
        return pilot.program, pilot.community


class ProgramArchiveView(ArchiveStartView):
    model = Program
    permission = Perm.MANAGE_PROGRAMS

    def narrow_queryset(self, queryset):
        return queryset.select_related("region")

    def may_act_on(self, obj) -> bool:
        return self.access.reaches(obj.region, Perm.MANAGE_PROGRAMS)

    @staticmethod
    def program_and_unit(program):
        return program, program.region
