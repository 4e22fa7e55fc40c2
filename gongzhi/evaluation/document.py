"""A scoring table as a plain document (what the Excel workbook and the default hold), checked
whole before anything is written: every problem is reported at once, naming where it is."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from gongzhi.evaluation.models import Item
from gongzhi.programs import counters

KIND_BY_LABEL = {str(label): value for value, label in Item.Kind.choices}
METHOD_BY_LABEL = {str(label): value for value, label in Item.Method.choices}
RULE_BY_LABEL = {str(label): value for value, label in Item.Rule.choices}


def decimal_or_none(value, where: str, problems: list, *, required=False) -> Decimal | None:
    if value is None or value == "":
        if required:
            problems.append(_("%(where)s：必须填写") % {"where": where})
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        problems.append(_("%(where)s：“%(value)s”不是数字") % {"where": where, "value": value})
        return None
    if not number.is_finite() or number < 0 or number >= Decimal(10**6):
        problems.append(_("%(where)s：须为 0 到 999999 之间的数") % {"where": where})
        return None
    return number.quantize(Decimal("0.01"))


def _choice(value, by_label: dict, where: str, problems: list, default: str) -> str:
    if value in ("", None):
        return default
    if value in by_label.values():
        return value
    if value in by_label:
        return by_label[value]
    problems.append(
        _("%(where)s：“%(value)s”不是可选的值（可选：%(allowed)s）")
        % {"where": where, "value": value, "allowed": "、".join(by_label)}
    )
    return default


def _counter(item: dict, where: str, problems: list) -> None:
    name = item["counter"]
    if not name:
        return
    counter = counters.get(name)
    if counter is None:
        problems.append(_("%(where)s：没有名为“%(name)s”的计数器") % {"where": where, "name": name})
        return
    for problem in counter.check_args(item["counter_args"]):
        problems.append(f"{where}：{problem}")


def clean_item(raw: dict, where: str, problems: list) -> dict:
    """One item checked and normalised; problems are added to `problems`, prefixed `where`."""
    label = {
        "code": _("编号"),
        "name": _("评分内容"),
        "points": _("分值"),
        "target_value": _("目标值"),
        "per_unit": _("每差一个单位扣分"),
    }
    item = {
        "code": str(raw.get("code") or "").strip(),
        "name": str(raw.get("name") or "").strip(),
        "criteria": str(raw.get("criteria") or "").strip(),
        "kind": _choice(raw.get("kind"), KIND_BY_LABEL, f"{where}{_('类型')}", problems, "basic"),
        "method": _choice(
            raw.get("method"), METHOD_BY_LABEL, f"{where}{_('核查方式')}", problems, "documents"
        ),
        "rule": _choice(
            raw.get("rule"), RULE_BY_LABEL, f"{where}{_('扣分规则')}", problems, "manual"
        ),
        "counter": str(raw.get("counter") or "").strip(),
        "counter_args": raw.get("counter_args") or {},
        "target_name": str(raw.get("target_name") or "").strip(),
    }
    for key in ("code", "name"):
        if not item[key]:
            problems.append(_("%(where)s：必须填写") % {"where": f"{where}{label[key]}"})
    item["points"] = decimal_or_none(
        raw.get("points"), f"{where}{label['points']}", problems, required=True
    )
    item["target_value"] = decimal_or_none(
        raw.get("target_value"), f"{where}{label['target_value']}", problems
    )
    item["per_unit"] = decimal_or_none(raw.get("per_unit"), f"{where}{label['per_unit']}", problems)
    if item["kind"] == "veto":
        item["points"], item["rule"] = Decimal("0.00"), "manual"
    if item["rule"] != "manual" and item["target_value"] is None:
        problems.append(_("%(where)s：按规则计分的评分项须填写目标值") % {"where": where})
    if item["rule"] == "per_shortfall" and item["per_unit"] is None:
        problems.append(_("%(where)s：按差额扣分须填写每差一个单位扣分") % {"where": where})
    if item["rule"] != "manual" and not (item["counter"] or item["target_name"]):
        problems.append(_("%(where)s：按规则计分的评分项须指定计数器或关联指标") % {"where": where})
    _counter(item, where, problems)
    return item


def clean_settings(raw: dict, problems: list, where: str = "") -> dict:
    weights = {
        stage: decimal_or_none(raw["weights"].get(stage), f"{where}{name}", problems, required=True)
        for stage, name in (
            ("self", _("自评权重")),
            ("street", _("街道审核权重")),
            ("third", _("第三方评分权重")),
        )
    }
    if all(value is not None for value in weights.values()) and sum(weights.values()) != 1:
        problems.append(_("%(where)s权重之和须为 1") % {"where": where})
    bands = []
    for name, lowest in raw.get("bands") or []:
        number = decimal_or_none(lowest, f"{where}{_('等级')} {name}", problems, required=True)
        if name and number is not None:
            bands.append([str(name).strip(), number])
    if not bands:
        problems.append(_("%(where)s须至少有一个等级") % {"where": where})
    names = [name for name, _lowest in bands]
    veto_grade = str(raw.get("veto_grade") or "").strip() or (names[-1] if names else "")
    if names and veto_grade not in names:
        problems.append(
            _("%(where)s否决后最高等级“%(grade)s”不在等级中")
            % {"where": where, "grade": veto_grade}
        )
    name = str(raw.get("name") or "").strip()
    if not name:
        problems.append(_("%(where)s名称：必须填写") % {"where": where})
    return {
        "name": name,
        "is_default": bool(raw.get("is_default")),
        "notes": [str(note) for note in raw.get("notes") or [] if str(note).strip()],
        "bonus_cap": decimal_or_none(
            raw.get("bonus_cap") or 0, f"{where}{_('加分上限')}", problems
        ),
        "weights": weights,
        "bands": sorted(bands, key=lambda band: band[1], reverse=True),
        "veto_grade": veto_grade,
    }


def clean_document(raw: dict) -> tuple[dict, list[str]]:
    """The default (a dict) checked like an upload: (document, problems)."""
    problems: list[str] = []
    document = clean_settings(raw, problems)
    document["categories"] = [
        {
            "name": category["name"],
            "items": [
                clean_item(item, f"{category['name']} {item.get('code', '')}：", problems)
                for item in category["items"]
            ],
        }
        for category in raw["categories"]
    ]
    return document, problems


def document_of(table) -> dict:
    """A stored table as a document (equal to the one it was written from)."""
    categories = []
    for category in table.categories.prefetch_related("items"):
        items = [
            {
                "code": item.code,
                "name": item.name,
                "criteria": item.criteria,
                "kind": item.kind,
                "method": item.method,
                "rule": item.rule,
                "counter": item.counter,
                "counter_args": item.counter_args,
                "target_name": item.target_name,
                "points": item.points,
                "target_value": item.target_value,
                "per_unit": item.per_unit,
            }
            for item in category.items.all()
        ]
        categories.append({"name": category.name, "items": items})
    return {
        "name": table.name,
        "is_default": table.is_default,
        "notes": list(table.notes),
        "bonus_cap": table.bonus_cap,
        "weights": table.weights,
        "bands": [
            [name, Decimal(str(lowest)).quantize(Decimal("0.01"))]
            for name, lowest in table.grade_bands
        ],
        "veto_grade": table.veto_grade,
        "categories": categories,
    }
