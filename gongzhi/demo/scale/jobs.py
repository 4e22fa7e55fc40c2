"""Spreads the generator's independent stages over parallel processes: each stage counts and
continues its own tables, so stages in different processes never write the same table, and a
stopped run resumes as a serial one would."""

from gongzhi.demo.scale.sizes import Sizes


def weight(stage: str, sizes: Sizes) -> int:
    """Roughly how long a stage takes, in rows written (a need costs about two rows' time:
    two personal fields, the tallies after)."""
    return {
        "reports": sizes.reports * 5,  # each with ~1.8 review stages and ~2.2 events
        "registries": sizes.organizations + sizes.teams + 2 * sizes.volunteers + sizes.workers,
        "activities": sizes.activities + sizes.signins,
        "needs": sizes.needs * 2,
        "audit": sizes.audit_entries,
    }[stage]


def deal(stages: tuple[str, ...], sizes: Sizes, jobs: int) -> list[list[str]]:
    """The stages in at most `jobs` groups of about equal weight (heaviest first, each to the
    lightest group so far), each group in the stages' own order."""
    groups: list[list[str]] = [[] for _ in range(min(jobs, len(stages)))]
    loads = [0] * len(groups)
    for stage in sorted(stages, key=lambda name: -weight(name, sizes)):
        lightest = loads.index(min(loads))
        groups[lightest].append(stage)
        loads[lightest] += weight(stage, sizes)
    return [sorted(group, key=stages.index) for group in groups if group]
