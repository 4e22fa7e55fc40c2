"""Annexes of the summary and acceptance reports (创建工作总结报告, 验收报告), registered by the
apps that hold them, so the reports (a top layer) never import those apps.

An annex is a titled table built from the records for the report's subject. An app registers
its builder in its `AppConfig.ready`:

    register_annex("evaluation.score_sheet", score_sheet_annex, order=10)

`builder(program, unit, is_program)` gets the program, the unit the report is about (a
community or street, or the program's region) and whether it is the program's acceptance
report; it returns an `Annex`, or None when it has nothing for this subject. Annexes appear in
`order` after the report's own sections, in the Word file and the PDF alike."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Annex:
    title: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""
    widths: list[int] = field(default_factory=list)  # relative column widths (PDF), optional


ANNEXES: dict[str, tuple[int, Callable]] = {}


def register_annex(name: str, builder: Callable, *, order: int = 100) -> None:
    ANNEXES[name] = (order, builder)


def annexes_for(program, unit, *, is_program: bool) -> list[Annex]:
    built = []
    for _order, builder in sorted(ANNEXES.values(), key=lambda entry: entry[0]):
        annex = builder(program, unit, is_program)
        if annex is not None:
            built.append(annex)
    return built
