"""Permission checks shared by views and services."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from gongzhi.core.access import access_for
from gongzhi.core.roles import Perm


class OutOfScope(Http404):
    """The object exists but lies outside the user's units: answered as 'not found'."""


def require_perm(actor, perm: Perm, *units) -> None:
    """Refuse unless the actor holds `perm` through a grant reaching every given unit."""
    access = access_for(actor)
    if not units and access.has_perm(perm):
        return
    if units and all(access.reaches(unit, perm) for unit in units):
        return
    raise PermissionDenied(_("您的角色无权执行此操作。"))
