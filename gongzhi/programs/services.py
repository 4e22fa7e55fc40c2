"""Program writes made by users (commands and fixtures use the importer directly)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from gongzhi.core.access import access_for
from gongzhi.core.roles import Perm
from gongzhi.programs.document import read_document
from gongzhi.programs.importer import import_program
from gongzhi.programs.models import Program


def program_import(*, actor, document: dict, source: str = ""):
    """Import a program document for a region the actor administers; returns (program, changes)."""
    access = access_for(actor)
    region = read_document(document)["region"]
    existing = (
        Program.objects.dangerously_unscoped(
            reason="program codes are unique everywhere: an existing program with this code, "
            "in reach or not, must be found so that its region is checked below"
        )
        .filter(code=document.get("code"))
        .first()
    )
    regions = [region] + ([existing.region] if existing else [])
    if not all(access.reaches(unit, Perm.MANAGE_PROGRAMS) for unit in regions):
        raise PermissionDenied(_("该项目的地区不在您的管理范围内。"))
    return import_program(document, actor=actor, source=source)
