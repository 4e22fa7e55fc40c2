"""Roles and the one permission table: what each role may do, and how far its grant reaches."""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.core.kinds import COMMUNITY_KINDS, REGION_KINDS, STREET_KINDS, UnitKind


class Role(models.TextChoices):
    PROGRAM_OFFICE = "program_office", _("工作组办公室")
    CITY_DEPARTMENT = "city_department", _("市级部门")
    FINANCE = "finance", _("财政部门")
    STREET = "street", _("街道（镇）")
    COMMUNITY = "community", _("创特色社区")
    AGENCY = "agency", _("社工机构")
    SOCIAL_WORKER = "social_worker", _("专业社会工作者")
    THIRD_PARTY = "third_party", _("第三方机构")


class Perm(StrEnum):
    """Actions a role may take inside the units its grant reaches."""

    VIEW_UNITS = "units.view"
    MANAGE_UNITS = "units.manage"
    VIEW_USERS = "users.view"
    MANAGE_USERS = "users.manage"
    VIEW_AUDIT = "audit.view"
    EXPORT_AUDIT = "audit.export"  # the office alone: the log of everything in reach, in a file
    VIEW_WORKING_GROUP = "working_group.view"
    VIEW_PROGRAMS = "programs.view"
    MANAGE_PROGRAMS = "programs.manage"
    VIEW_COCKPIT = "programs.cockpit"
    REPORT_PROGRESS = "progress.report"
    REVIEW_PROGRESS = "progress.review"
    VIEW_REGISTRIES = "community.view"
    MANAGE_REGISTRIES = "community.manage"
    MANAGE_ACTIVITIES = "activities.manage"
    REVEAL_PERSONAL = "personal.reveal"  # see a full phone, ID number or sensitive value
    VIEW_SERVICES = "services.view"
    MANAGE_SERVICES = "services.manage"
    LOG_SERVICES = "services.log"
    REPORT_SERVICES = "services.report"
    REVIEW_SERVICES = "services.review"
    HANDLE_NEEDS = "needs.handle"  # see, accept, match and resolve residents' needs
    MANAGE_SURVEYS = "surveys.manage"  # run surveys and read their answers
    VIEW_SELFGOV = "selfgov.view"
    MANAGE_SELFGOV = "selfgov.manage"
    VIEW_FUNDS = "funds.view"
    RECORD_DISBURSEMENTS = "funds.disburse"  # 市财政局: allocate and disburse, with vouchers
    RECORD_SPENDING = "funds.spend"  # the buyer: what it spent, with invoices
    SUPERVISE = "supervision.supervise"  # visit projects, write evaluation and audit reports
    RECTIFY = "supervision.rectify"  # fix the rectification items a visit set on the unit
    REVIEW_SUPERVISION = "supervision.review"  # review the third party's reports
    VIEW_SMART = "smart.view"  # elevator devices, their alarms, the map
    HANDLE_ALARMS = "smart.alarms"  # acknowledge and resolve elevator alarms
    MANAGE_DEVICES = "smart.devices"  # register and edit elevator devices, see refused payloads
    MANAGE_GRIDS = "smart.grids"  # grid workers, unit boundaries and places on the map
    VIEW_UNKNOWN_DEVICES = "smart.unknown"  # the office: payloads refused with no known device
    SELF_ASSESS = "evaluation.assess"  # score the unit's own assessment round (自评)
    SCORE_ROUNDS = "evaluation.score"  # score a round at its stage (street review, third party)
    MANAGE_CASES = "cases.manage"  # write up typical cases and publicity records
    PUBLISH_CASES = "cases.publish"  # show a typical case on the public pages


class Reach(StrEnum):
    """How far a grant reaches from the unit it is held at."""

    SUBTREE = "subtree"  # the unit and everything under it
    REGION = "region"  # the whole administrative region (county, city, province) holding the unit


@dataclass(frozen=True)
class RoleSpec:
    reach: Reach
    perms: frozenset[Perm]
    unit_kinds: frozenset[str]  # where a grant of this role may be held


_DEPARTMENTS = frozenset({UnitKind.DEPARTMENT}) | REGION_KINDS
_AGENCIES = frozenset({UnitKind.AGENCY})
_THIRD_PARTIES = frozenset({UnitKind.THIRD_PARTY})
_EVERYONE = {
    Perm.VIEW_UNITS,
    Perm.VIEW_AUDIT,
    Perm.VIEW_WORKING_GROUP,
    Perm.VIEW_PROGRAMS,
    Perm.VIEW_REGISTRIES,
    Perm.VIEW_SERVICES,
    Perm.VIEW_SELFGOV,
    Perm.VIEW_FUNDS,
    Perm.VIEW_SMART,
}
# who keeps a unit's records may see its people's full numbers (with a reason, audited)
_KEEPS_RECORDS = {Perm.MANAGE_REGISTRIES, Perm.MANAGE_ACTIVITIES, Perm.REVEAL_PERSONAL}
_REPORTS = {Perm.REPORT_PROGRESS}
_REVIEWS = {Perm.REVIEW_PROGRESS, Perm.VIEW_COCKPIT}
# Buyers of purchased services keep the project and review the agency's reports.
_BUYS_SERVICES = {Perm.MANAGE_SERVICES, Perm.REVIEW_SERVICES, Perm.RECORD_SPENDING}
# Streets and communities keep their elevators, their grids and their map.
_KEEPS_SMART = {Perm.HANDLE_ALARMS, Perm.MANAGE_DEVICES, Perm.MANAGE_GRIDS}

ROLE_SPECS: dict[str, RoleSpec] = {
    Role.PROGRAM_OFFICE: RoleSpec(Reach.REGION, frozenset(Perm), _DEPARTMENTS),
    Role.CITY_DEPARTMENT: RoleSpec(
        Reach.SUBTREE,
        frozenset(
            _EVERYONE
            | _REPORTS
            | {Perm.VIEW_COCKPIT, Perm.MANAGE_ACTIVITIES, Perm.HANDLE_NEEDS, Perm.MANAGE_SURVEYS}
            | {Perm.MANAGE_CASES}
        ),
        _DEPARTMENTS,
    ),
    Role.FINANCE: RoleSpec(
        Reach.REGION,
        frozenset(_EVERYONE | {Perm.VIEW_COCKPIT, Perm.RECORD_DISBURSEMENTS}),
        _DEPARTMENTS,
    ),
    Role.STREET: RoleSpec(
        Reach.SUBTREE,
        frozenset(
            _EVERYONE
            | _REPORTS
            | _REVIEWS
            | _KEEPS_RECORDS
            | _BUYS_SERVICES
            | {Perm.VIEW_USERS, Perm.HANDLE_NEEDS, Perm.MANAGE_SURVEYS}
            | _KEEPS_SMART
            | {Perm.RECTIFY, Perm.REVIEW_SUPERVISION}
            | {Perm.SELF_ASSESS, Perm.SCORE_ROUNDS}
            | {Perm.MANAGE_CASES, Perm.PUBLISH_CASES}
        ),
        STREET_KINDS,
    ),
    Role.COMMUNITY: RoleSpec(
        Reach.SUBTREE,
        frozenset(
            _EVERYONE
            | _REPORTS
            | _KEEPS_RECORDS
            | _BUYS_SERVICES
            | {Perm.HANDLE_NEEDS, Perm.MANAGE_SURVEYS, Perm.MANAGE_SELFGOV, Perm.RECTIFY}
            | _KEEPS_SMART
            | {Perm.SELF_ASSESS, Perm.MANAGE_CASES}
        ),
        COMMUNITY_KINDS,
    ),
    Role.AGENCY: RoleSpec(
        Reach.SUBTREE,
        frozenset(
            _EVERYONE
            | _KEEPS_RECORDS
            | {Perm.VIEW_USERS, Perm.LOG_SERVICES, Perm.REPORT_SERVICES, Perm.MANAGE_SURVEYS}
            | {Perm.RECTIFY}
        ),
        _AGENCIES,
    ),
    Role.SOCIAL_WORKER: RoleSpec(
        Reach.SUBTREE,
        frozenset(_EVERYONE | {Perm.MANAGE_ACTIVITIES, Perm.LOG_SERVICES}),
        _AGENCIES,
    ),
    Role.THIRD_PARTY: RoleSpec(
        Reach.SUBTREE, frozenset(_EVERYONE | {Perm.SUPERVISE, Perm.SCORE_ROUNDS}), _THIRD_PARTIES
    ),
}
# Units a role may be held on (no role sits on a grid, so grant forms never list the grids).
GRANT_KINDS = frozenset().union(*(spec.unit_kinds for spec in ROLE_SPECS.values()))


def roles_with(perm: Perm) -> list[str]:
    return [role for role, spec in ROLE_SPECS.items() if perm in spec.perms]


# Roles that reach the subtree of the unit they are held on (a street, a community, an agency),
# not a whole region: scopes that read a big table by a UNION of ids use it for these alone.
SUBTREE_ROLES = tuple(role for role, spec in ROLE_SPECS.items() if spec.reach == Reach.SUBTREE)
