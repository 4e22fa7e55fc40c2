"""居民自治: 四议两公开 matters and their steps, the region's rules, attached files; charters
and conventions; the three duty lists; service hours;
certificate items; the signs checklist."""

from gongzhi.selfgov.models.certificates import CertificateItem, CertificateStatus
from gongzhi.selfgov.models.charters import Charter, CharterKind
from gongzhi.selfgov.models.duties import (
    DutyItem,
    DutyKind,
    DutyList,
    DutyTemplateItem,
    RefusedRequest,
)
from gongzhi.selfgov.models.hours import Period, ServiceHours
from gongzhi.selfgov.models.matters import (
    Attachment,
    Matter,
    MatterKind,
    MeetingForm,
    RegionRule,
    Step,
    StepKind,
)
from gongzhi.selfgov.models.signs import Sign

__all__ = [
    "Attachment",
    "CertificateItem",
    "CertificateStatus",
    "Charter",
    "CharterKind",
    "DutyItem",
    "DutyKind",
    "DutyList",
    "DutyTemplateItem",
    "Period",
    "RefusedRequest",
    "ServiceHours",
    "Sign",
    "Matter",
    "MatterKind",
    "MeetingForm",
    "RegionRule",
    "Step",
    "StepKind",
]
