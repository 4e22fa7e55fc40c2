"""Unit references in a program document: a code, a path relative to the region
(什邡市/市民政局), the same path led by the region's name (德阳市/市民政局: the only way to write
a unit just under the region whose name recurs deeper down), or a name unique in the region."""

import re

from django.utils.translation import gettext as _

from gongzhi.core.paths import STEPLEN
from gongzhi.orgs.models import Unit

CODE = re.compile(r"[0-9A-Z]{12}|[0-9A-Z]{18}")


def _relative_paths(region: Unit, units) -> dict[int, str]:
    """{unit id: "county/bureau"}: the names from just below the region down to the unit."""
    by_path = {unit.path: unit for unit in units}
    return {
        unit.pk: "/".join(
            by_path[unit.path[:end]].name
            for end in range(len(region.path) + STEPLEN, len(unit.path) + 1, STEPLEN)
        )
        for unit in units
    }


class UnitIndex:
    """Every active unit under a region, findable by code, relative path or unique name."""

    def __init__(self, region: Unit):
        units = list(Unit.objects.subtree_of(region).filter(is_active=True))
        self.region_name, self.region_pk = region.name, region.pk
        self.relative = _relative_paths(region, units)
        self.relative[region.pk] = region.name
        self.by_code = {unit.code: unit for unit in units if unit.code}
        self.by_path = {self.relative[unit.pk]: unit for unit in units}
        self.by_name: dict[str, list[Unit]] = {}
        for unit in units:
            self.by_name.setdefault(unit.name, []).append(unit)

    def resolve(self, text, kinds=None) -> tuple[Unit | None, str]:
        """(unit, "") or (None, the problem)."""
        text = str(text or "").strip()
        if CODE.fullmatch(text):
            unit = self.by_code.get(text)
            if unit is None:
                return None, _("本地区没有代码为 %(code)s 的单位") % {"code": text}
            return unit, ""
        if "/" in text:
            parts = [part.strip() for part in text.split("/")]
            unit = self.by_path.get("/".join(parts))
            if unit is None and parts[0] == self.region_name:
                unit = self.by_path.get("/".join(parts[1:]))
            if unit is None:
                return None, _("“%(text)s”不是本地区的单位路径") % {"text": text}
            found = [unit]
        else:
            found = self.by_name.get(text, [])
        if kinds is not None:
            found = [unit for unit in found if unit.kind in kinds]
        if len(found) == 1:
            return found[0], ""
        if not found:
            return None, _("本地区没有单位“%(text)s”") % {"text": text}
        candidates = "、".join(sorted(self._path(unit) for unit in found))
        message = _("“%(text)s”有多个同名单位：%(candidates)s；请写路径或代码")
        return None, message % {"text": text, "candidates": candidates}

    def _path(self, unit: Unit) -> str:
        """The unit's path as a document writes it: relative to the region, led by the region's
        name when the unit sits just under it (a bare name would be read as a name)."""
        path = self.relative[unit.pk]
        return path if "/" in path or unit.pk == self.region_pk else f"{self.region_name}/{path}"

    def reference(self, unit: Unit) -> str:
        """How an export names the unit: its name when unique, else its path."""
        if len(self.by_name.get(unit.name, [])) == 1:
            return unit.name
        return self._path(unit)


def find_region(text, kinds) -> tuple[Unit | None, str]:
    """A program's region: by code, by path from a root (四川省/德阳市), or by a unique name."""
    text = str(text or "").strip()
    regions = Unit.objects.filter(kind__in=kinds, is_active=True)
    if CODE.fullmatch(text):
        found = list(regions.filter(code=text)[:2])
    elif "/" in text:
        names = [part.strip() for part in text.split("/")]
        unit = Unit.objects.children_of(None).filter(name=names[0]).first()
        for name in names[1:]:
            unit = Unit.objects.children_of(unit).filter(name=name).first() if unit else None
        found = [unit] if unit is not None and unit.kind in kinds else []
    else:
        found = list(regions.filter(name=text)[:5])
    if len(found) == 1:
        return found[0], ""
    if not found:
        message = _("系统中没有地区“%(text)s”（可先在“组织机构”中导入单位树）")
        return None, message % {"text": text}
    message = _("有多个地区名为“%(text)s”，请从顶层写路径或写代码")
    return None, message % {"text": text}
