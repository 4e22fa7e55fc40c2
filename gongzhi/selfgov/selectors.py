"""Reads of 居民自治 used by more than one page."""

from gongzhi.selfgov.models import CertificateItem, Charter, DutyItem, ServiceHours, Step


def public_notices(community) -> dict:
    """What a community's public notice page shows: publication steps, newest first, with the
    matter's title and kind only (no names, no votes, no minutes)."""
    steps = (
        Step.objects.dangerously_unscoped(
            reason="public page: only published notices of one community, without people"
        )
        .published()
        .filter(matter__unit=community)
        .select_related("matter")
        .only("kind", "date", "ends_on", "text", "matter__title", "matter__kind")
        .order_by("-date", "-pk")
    )
    charters = (
        Charter.objects.dangerously_unscoped(
            reason="public page: the titles and dates of one community's current charters"
        )
        .filter(unit=community)
        .current()
        .only("kind", "title", "adopted_on")
        .order_by("kind")
    )
    items = (
        DutyItem.objects.dangerously_unscoped(
            reason="public page: the items of one community's published duty lists"
        )
        .filter(duty_list__unit=community)
        .select_related("duty_list")
        .order_by("duty_list__kind", "number")
    )
    duties = {}
    for item in items:
        duties.setdefault(item.duty_list, []).append(item)
    hours = ServiceHours.objects.dangerously_unscoped(
        reason="public page: one community's opening hours"
    ).filter(unit=community)
    return {
        "notices": steps[:100],
        "charters": list(charters),
        "duties": duties,
        "hours": list(hours.order_by("period")),
        "certificates": list(
            CertificateItem.objects.dangerously_unscoped(
                reason="public page: which certificates one community still issues or abolished"
            )
            .filter(unit=community)
            .only("name", "status", "basis", "decided_on")
            .order_by("status", "name")
        ),
    }
