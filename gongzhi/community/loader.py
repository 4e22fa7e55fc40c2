"""Load a program's checklist (e.g. task 7's 六个体系 and 五个机制); idempotent."""

from pathlib import Path

from gongzhi.community.models import ChecklistPoint
from gongzhi.orgs.loader import FixtureError, read_yaml
from gongzhi.programs.models import Program


def load_checklist(path: Path) -> int:
    data = read_yaml(path)
    program = (
        Program.objects.dangerously_unscoped(
            reason="fixture loading runs from a command, for no user: the file names its program"
        )
        .filter(code=data.get("program"))
        .first()
    )
    if program is None:
        raise FixtureError(f"{path}: program: unknown program '{data.get('program')}'")
    created = 0
    order = 0
    for group, names in (data.get("groups") or {}).items():
        for name in names:
            order += 1
            _point, new = ChecklistPoint.objects.update_or_create(
                program=program, group=group, name=name, defaults={"order": order}
            )
            created += new
    return created
