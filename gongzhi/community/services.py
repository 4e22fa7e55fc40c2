"""Writes to the 五社 registries."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongzhi.core.roles import Perm
from gongzhi.core.services import record_save
from gongzhi.orgs.kinds import COMMUNITY_KINDS, REGION_KINDS, STREET_KINDS

HOME_KINDS = COMMUNITY_KINDS | STREET_KINDS | REGION_KINDS


def organization_save(*, actor, organization):
    """Register or change a community social organisation (its home is a community, street or
    region)."""
    if organization.unit.kind not in HOME_KINDS:
        raise ValidationError({"unit": _("所属单位应为社区、街道（镇）或市（县）。")})
    return record_save(actor=actor, instance=organization, perm=Perm.MANAGE_REGISTRIES)


def link_save(*, actor, link):
    """Link an organisation to a community; both must be within the actor's units."""
    if link.community.kind not in COMMUNITY_KINDS:
        raise ValidationError({"community": _("只能链接到社区（村）。")})
    return record_save(
        actor=actor, instance=link, perm=Perm.MANAGE_REGISTRIES,
        extra_units=[link.organization.unit],
    )  # fmt: skip


def incubation_save(*, actor, incubation):
    return record_save(actor=actor, instance=incubation, perm=Perm.MANAGE_REGISTRIES)


def station_save(*, actor, station):
    return record_save(actor=actor, instance=station, perm=Perm.MANAGE_REGISTRIES)


def brand_project_save(*, actor, project, communities):
    return record_save(
        actor=actor, instance=project, perm=Perm.MANAGE_REGISTRIES, extra_units=communities,
        after_save=lambda saved: saved.communities.set(communities),
    )  # fmt: skip
