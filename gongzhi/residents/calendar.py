"""The holiday arrangement as published each year, read from a YAML file: one line a day,
休 (a public holiday) or 班 (a weekend day worked). All of a file is stored, or none of it."""

import datetime
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from gongzhi.orgs.loader import FixtureError
from gongzhi.residents.models import Holiday

DEFAULT_FILE = settings.BASE_DIR / "fixtures" / "calendar" / "holidays-cn.yaml"
KINDS = {"休": False, "班": True}


def read_holidays(path: Path) -> list[Holiday]:
    with path.open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle) or {}
    days = document.get("days") if isinstance(document, dict) else None
    if not isinstance(days, dict):
        raise FixtureError(f"{path.name}: 缺少 days")
    return [_holiday(path.name, key, value) for key, value in days.items()]


def _holiday(source: str, key, value) -> Holiday:
    try:
        day = key if isinstance(key, datetime.date) else datetime.date.fromisoformat(str(key))
    except ValueError as error:
        raise FixtureError(f"{source}: {key} 不是日期（应为 YYYY-MM-DD）") from error
    if not (isinstance(value, list) and len(value) == 2 and value[0] in KINDS):
        raise FixtureError(f"{source}: {key} 应写作 [休, 名称] 或 [班, 名称]")
    return Holiday(date=day, is_workday=KINDS[value[0]], name=str(value[1])[:50])


def load_holidays(path: Path = DEFAULT_FILE) -> int:
    """Store the file's days (re-running changes nothing); returns how many rows changed."""
    changed = 0
    with transaction.atomic():
        for holiday in read_holidays(path):
            row, created = Holiday.objects.get_or_create(
                date=holiday.date,
                defaults={"is_workday": holiday.is_workday, "name": holiday.name},
            )
            if created:
                changed += 1
            elif (row.is_workday, row.name) != (holiday.is_workday, holiday.name):
                row.is_workday, row.name = holiday.is_workday, holiday.name
                row.save()
                changed += 1
    return changed
