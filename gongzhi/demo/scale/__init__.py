"""The scale data generator behind `manage.py generate_data`: a region of the chosen preset's
size (see sizes.PRESETS) with a program, reports, registries, activities, residents' needs and
an audit log, written in bulk, deterministic for a seed and resumable. One module per stage."""

import time
from collections.abc import Callable

from gongzhi.demo.scale import activities, audit, needs, program, registries, reports, units, users
from gongzhi.demo.scale.runner import Run
from gongzhi.demo.scale.sizes import PRESETS, Sizes, sizes_of
from gongzhi.demo.scale.writer import RowWriter

STAGES: dict[str, Callable] = {
    "units": units.run_stage,
    "users": users.run_stage,
    "program": program.run_stage,
    "reports": reports.run_stage,
    "registries": registries.run_stage,
    "activities": activities.run_stage,
    "needs": needs.run_stage,
    "audit": audit.run_stage,
}

# stages that only read the tree, the accounts and the program: they may run side by side
INDEPENDENT = ("reports", "registries", "activities", "needs", "audit")

__all__ = ["INDEPENDENT", "PRESETS", "STAGES", "Sizes", "generate", "sizes_of"]


def generate(
    preset: str,
    *,
    seed: int = 2024,
    mode: str = "",
    stop_after: str = "",
    only: tuple[str, ...] = (),
    out: Callable[[str], None] = print,
) -> Run:
    """Generate (or complete) the preset's data, or only the stages named in `only`; returns
    the run with its timings."""
    run = Run(preset=preset, sizes=sizes_of(preset), seed=seed, writer=RowWriter(mode), out=out)
    for name, stage in STAGES.items():
        if only and name not in only:
            continue
        run.stage = name
        started = time.perf_counter()
        out(f"{name}:")
        stage(run)
        run.writer.analyze()
        out(f"{name}: done in {time.perf_counter() - started:.1f} s")
        if name == stop_after:
            break
    return run
