"""Navigation by module, shown according to the user's permissions."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core import clock
from gongzhi.core.access import access_for
from gongzhi.core.roles import Perm
from gongzhi.core.work import count_label, work_count


@dataclass(frozen=True)
class Group:
    """Modules shown under one dropdown, so the bar keeps to one line; a group the user sees
    only one module of shows that module alone."""

    label: str
    icon: str
    modules: list


MODULES = [
    ("dashboards:home", _("首页"), "house", None),
    ("programs:program-list", _("项目台账"), "clipboard-check", Perm.VIEW_PROGRAMS),
    ("community:org-list", _("五社联动"), "people-fill", Perm.VIEW_REGISTRIES),
    ("activities:activity-list", _("活动会议"), "calendar-event", Perm.VIEW_REGISTRIES),
    ("services:project-list", _("服务项目"), "briefcase", Perm.VIEW_SERVICES),
    Group(
        _("居民服务"),
        "chat-square-text",
        [
            ("residents:need-list", _("居民诉求"), "chat-square-text", Perm.HANDLE_NEEDS),
            ("surveys:survey-list", _("问卷调查"), "ui-checks", Perm.MANAGE_SURVEYS),
            ("selfgov:matter-list", _("居民自治"), "people", Perm.VIEW_SELFGOV),
        ],
    ),
    Group(
        _("考核验收"),
        "award",
        [
            ("evaluation:round-list", _("考核评估"), "award", Perm.VIEW_PROGRAMS),
            ("cases:case-list", _("案例宣传"), "megaphone", Perm.VIEW_REGISTRIES),
        ],
    ),
    Group(
        _("智慧社区"),
        "cpu",
        [
            ("smart:map", _("一张图"), "map", Perm.VIEW_SMART),
            ("smart:alarm-list", _("电梯告警"), "bell", Perm.HANDLE_ALARMS),
            ("smart:device-list", _("电梯设备"), "building", Perm.MANAGE_DEVICES),
            ("exchange:home", _("好德行交换"), "arrow-left-right", Perm.VIEW_REGISTRIES),
        ],
    ),
]

# Settings and oversight, under one 管理 menu so the bar keeps to one line.
ADMIN_MODULES = [
    ("orgs:unit-list", _("组织机构"), "diagram-3", Perm.VIEW_UNITS),
    ("orgs:working-group", _("工作组"), "people", Perm.VIEW_WORKING_GROUP),
    ("accounts:user-list", _("用户与角色"), "person-badge", Perm.VIEW_USERS),
    ("core:audit-list", _("审计日志"), "journal-text", Perm.VIEW_AUDIT),
    ("core:option-lists", _("可选列表"), "list-ul", Perm.MANAGE_UNITS),
    ("residents:category-list", _("诉求类别"), "tags", Perm.MANAGE_UNITS),
]


def _link(module, access, current: str) -> dict | None:
    name, label, icon, perm = module
    if perm is not None and not access.has_perm(perm):
        return None
    active = current.split("-")[0] == name.split("-")[0]
    return {"url": reverse(name), "label": label, "icon": icon, "active": active}


def _entry(module, access, current: str) -> dict | None:
    if not isinstance(module, Group):
        return _link(module, access, current)
    links = [link for m in module.modules if (link := _link(m, access, current))]
    if len(links) <= 1:
        return links[0] if links else None
    active = any(link["active"] for link in links)
    return {"label": module.label, "icon": module.icon, "children": links, "active": active}


def _items(modules, access, current: str) -> list[dict]:
    return [entry for module in modules if (entry := _entry(module, access, current))]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    access = access_for(user)
    current = request.resolver_match.view_name if request.resolver_match else ""
    items, admin_items = _items(MODULES, access, current), _items(ADMIN_MODULES, access, current)
    unread = user.notifications.filter(read_at__isnull=True).count()
    todo = work_count(user)  # one COUNT per work source, or the home page's list
    return {
        "nav_items": items,
        "nav_admin_items": admin_items,
        "nav_admin_active": any(item["active"] for item in admin_items),
        "user_grants": access.grants,
        "unread_count": unread,
        "todo_count": todo,
        "todo_label": count_label(todo),
    }


def demo_day(request):
    """The demo's viewing day, for the banner that says the dates are a demo's."""
    return {"demo_today": clock.demo_today()}
