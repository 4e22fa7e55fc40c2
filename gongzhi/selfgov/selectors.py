"""Reads of 居民自治 used by more than one page."""

from gongzhi.selfgov.models import Step


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
    return {"notices": steps[:100]}
