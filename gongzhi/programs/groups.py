"""Group phrases of a plan (各镇(街道), 各县(市、区), 各试点社区 …): each stands for a set of units
of the program's region, declared as data and expanded when a program is imported or counted.

A group either takes the units of some kinds in the region (optionally only those with a given
name, e.g. every county's 民政局), or the program's pilots: their communities, their streets,
or both in pilot order.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from gongzhi.core.kinds import COMMUNITY_KINDS, STREET_KINDS, UnitKind
from gongzhi.orgs.models import Unit

PILOT_SOURCES = ("community", "street", "both")


@dataclass(frozen=True)
class Group:
    phrase: str
    kinds: tuple[str, ...] = ()
    named: str = ""
    pilots: str = ""
    spellings: tuple[str, ...] = ()

    def as_document(self) -> dict:
        node = {"phrase": self.phrase}
        if self.pilots:
            node["pilots"] = self.pilots
        else:
            node["kinds"] = list(self.kinds)
        if self.named:
            node["named"] = self.named
        return node


DEFAULT_GROUPS = (
    Group("各县(市、区)", kinds=(UnitKind.COUNTY,), spellings=("各县（市、区）", "各区(市、县)")),
    Group(
        "各镇(街道)",
        kinds=tuple(sorted(STREET_KINDS)),
        spellings=("各镇（街道）", "各街道（镇）", "各街道(镇)"),
    ),
    Group("各社区", kinds=(UnitKind.COMMUNITY,)),
    Group("各村(社区)", kinds=tuple(sorted(COMMUNITY_KINDS)), spellings=("各村（社区）",)),
    Group("各试点社区", pilots="community"),
    Group("各试点镇(街道)", pilots="street", spellings=("各试点镇（街道）",)),
    Group("各试点单位", pilots="both"),
)


def group_from_document(node) -> tuple[Group | None, list[str]]:
    """A declared group and the problems with it (each naming the key)."""
    problems = []
    if not isinstance(node, dict):
        return None, [_("应为一组键和值（JSON 对象）")]
    unknown = set(node) - {"phrase", "kinds", "named", "pilots"}
    problems += [f"{key}: " + _("不是可用的键，请检查拼写") for key in sorted(unknown)]
    phrase = node.get("phrase")
    if not isinstance(phrase, str) or not phrase.strip():
        problems.append("phrase: " + _("必须填写"))
    kinds, pilots = node.get("kinds") or [], node.get("pilots") or ""
    if bool(kinds) == bool(pilots):
        problems.append("kinds: " + _("kinds 和 pilots 须写且只写一个"))
    if not isinstance(kinds, list) or any(kind not in UnitKind.values for kind in kinds):
        problems.append(
            "kinds: " + _("单位类型应为：%(kinds)s") % {"kinds": "、".join(UnitKind.values)}
        )
    if pilots and pilots not in PILOT_SOURCES:
        problems.append("pilots: " + _("应为：%(values)s") % {"values": "、".join(PILOT_SOURCES)})
    named = node.get("named") or ""
    if not isinstance(named, str):
        problems.append("named: " + _("应为文字"))
    if problems:
        return None, problems
    return Group(phrase.strip(), tuple(kinds), named.strip(), pilots), []


class Groups:
    """The phrases a program may use: the defaults, then the ones its document declares."""

    def __init__(self, declared=()):
        self.by_phrase: dict[str, Group] = {}
        for group in (*DEFAULT_GROUPS, *declared):
            for spelling in (group.phrase, *group.spellings):
                self.by_phrase[spelling] = group

    @classmethod
    def of_program(cls, program) -> "Groups":
        return cls(group_from_document(node)[0] for node in program.groups)

    def get(self, text) -> Group | None:
        return self.by_phrase.get(str(text).strip())

    def expand(self, group: Group, region, pilots) -> list[Unit]:
        """The group's units: `pilots` is a list of (street, community) in pilot order."""
        if group.pilots:
            units = []
            for street, community in pilots:
                wanted = {"community": [community], "street": [street]}.get(
                    group.pilots, [street, community]
                )
                units += [unit for unit in wanted if unit not in units]
            return units
        units = Unit.objects.subtree_of(region).filter(kind__in=group.kinds, is_active=True)
        if group.named:
            units = units.filter(name=group.named)
        return list(units.exclude(pk=region.pk).order_by("path"))


def program_group_units(program, phrase) -> list[Unit]:
    """The units a group phrase stands for in a program, as of now."""
    groups = Groups.of_program(program)
    group = groups.get(phrase)
    if group is None:
        return []
    pilots = [(p.street, p.community) for p in program.pilots.select_related("street", "community")]
    return groups.expand(group, program.region, pilots)
