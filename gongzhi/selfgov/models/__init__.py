"""居民自治: 四议两公开 matters and their steps, the region's rules, attached files."""

from gongzhi.selfgov.models.charters import Charter, CharterKind
from gongzhi.selfgov.models.matters import (
    Attachment,
    Matter,
    MatterKind,
    MeetingForm,
    RegionRule,
    Step,
    StepKind,
)

__all__ = [
    "Attachment",
    "Charter",
    "CharterKind",
    "Matter",
    "MatterKind",
    "MeetingForm",
    "RegionRule",
    "Step",
    "StepKind",
]
