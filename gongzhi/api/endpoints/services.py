"""Purchased social-work service projects and their service logs."""

from django.utils.translation import gettext_lazy as _

from gongzhi.api.registry import module
from gongzhi.api.views import read_only_endpoint
from gongzhi.core.roles import Perm
from gongzhi.services.filters import LogFilter, ProjectFilter
from gongzhi.services.models import ServiceLog, ServiceProject

MODULE = module("services", _("购买服务项目"))

read_only_endpoint(
    "service-projects",
    ServiceProject,
    module=MODULE,
    permission=Perm.VIEW_SERVICES,
    english="Purchased service projects",
    filterset_class=ProjectFilter,
)
read_only_endpoint(
    "service-logs",
    ServiceLog,
    module=MODULE,
    permission=Perm.VIEW_SERVICES,
    english="Service logs",
    filterset_class=LogFilter,
)
