"""Third-party supervision: assignments, visits with their rectification items, reports
(read-only)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.api.registry import module
from gongzhi.api.serializers import display, exposed_fields, read_serializer
from gongzhi.api.views import read_only_endpoint
from gongzhi.core.roles import Perm
from gongzhi.supervision.models import (
    Rectification,
    SupervisionAssignment,
    SupervisionReport,
    Visit,
)

MODULE = module("supervision", _("第三方监督评估"))

ItemSerializer = read_serializer(
    Rectification,
    exposed_fields(Rectification, ("visit",)) + ["state_label"],
    extra={"state_label": display("get_state_display")},
)

read_only_endpoint(
    "supervision-assignments",
    SupervisionAssignment,
    module=MODULE,
    permission=Perm.VIEW_SERVICES,
    english="Supervision assignments: which third party supervises which service project",
)
read_only_endpoint(
    "supervision-visits",
    Visit,
    module=MODULE,
    permission=Perm.VIEW_SERVICES,
    english="Supervision visits with their rectification items",
    prefetch=("items",),
    extra={"items": ItemSerializer(many=True, read_only=True)},
)
read_only_endpoint(
    "supervision-reports",
    SupervisionReport,
    module=MODULE,
    permission=Perm.VIEW_SERVICES,
    english="Supervision reports (audit, mid-term, final)",
    extra={"state_label": display("get_state_display")},
)
