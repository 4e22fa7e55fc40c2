"""Program writes made by users (commands and fixtures use the importer directly)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from gongzhi.core.access import access_for
from gongzhi.core.roles import Perm
from gongzhi.programs.document import read_document
from gongzhi.programs.importer import import_program, preview_program
from gongzhi.programs.models import Program


def _check_may_import(actor, document: dict) -> None:
    """The actor must manage programs in the document's region and, when a program with the
    document's code exists, in that program's region too."""
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


def program_preview(*, actor, document: dict) -> list[tuple[str, str, str]]:
    """What importing the document would change, for an actor allowed to import it; nothing
    is written. Raises DocumentError or PermissionDenied as `program_import` would."""
    _check_may_import(actor, document)
    return preview_program(document)


def program_import(*, actor, document: dict, source: str = ""):
    """Import a program document for a region the actor administers; returns (program, changes)."""
    _check_may_import(actor, document)
    return import_program(document, actor=actor, source=source)
