"""How much each preset generates: one table, so a benchmark can ask for the sizes it runs at.

City figures are the issue's (13 towns, 200 communities, 2,000 grids, 600 k residents' needs,
120 k reports) and the measured city's registries (20 k organisations, 50 k volunteers, 20 k
activities, 200 k sign-ins, 100 k audit entries, ~2,000 tasks). Province figures are Sichuan's
tree with the registries scaled from the city by communities (28,000 / 200 = 140×)."""

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Sizes:
    code_prefix: str  # first two digits of every generated area code: presets never collide
    prefectures: int  # 0: the root is a county-level city, else a province
    counties: int
    towns: int
    communities: int
    grids: int
    tasks_per_community: int
    reports: int
    needs: int  # the residents' records
    organizations: int
    teams: int
    volunteers: int
    workers: int
    activities: int
    signins: int
    audit_entries: int

    def as_dict(self) -> dict:
        return {field.name: getattr(self, field.name) for field in fields(self)}


PRESETS: dict[str, Sizes] = {
    "tiny": Sizes(
        code_prefix="97",
        prefectures=2,
        counties=3,
        towns=4,
        communities=6,
        grids=12,
        tasks_per_community=2,
        reports=30,
        needs=36,
        organizations=12,
        teams=6,
        volunteers=24,
        workers=3,
        activities=12,
        signins=36,
        audit_entries=30,
    ),
    "city": Sizes(
        code_prefix="98",
        prefectures=0,
        counties=0,
        towns=13,
        communities=200,
        grids=2_000,
        tasks_per_community=10,
        reports=120_000,
        needs=600_000,
        organizations=20_000,
        teams=1_000,
        volunteers=50_000,
        workers=400,
        activities=20_000,
        signins=200_000,
        audit_entries=100_000,
    ),
    "province": Sizes(
        code_prefix="99",
        prefectures=21,
        counties=183,
        towns=3_100,
        communities=28_000,
        grids=280_000,
        tasks_per_community=10,
        reports=10_000_000,
        needs=10_000_000,
        organizations=2_800_000,
        teams=140_000,
        volunteers=7_000_000,
        workers=56_000,
        activities=2_800_000,
        signins=28_000_000,
        audit_entries=14_000_000,
    ),
}


def sizes_of(preset: str) -> Sizes:
    return PRESETS[preset]
