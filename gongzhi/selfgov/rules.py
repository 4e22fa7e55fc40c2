"""The rules of 四议两公开, as plain functions of numbers and dates (no database): each returns
the Chinese message refusing a step, with the numbers, or None when the step is valid.

- A meeting is valid with more than half of those entitled present (过半数); a representatives'
  meeting may need two thirds or more (三分之二以上) where the region's rule says so.
- The steps before the resolution pass with more than half of those present voting for; the
  resolution itself needs more than half of those entitled (not of those present).
- Steps happen in order, each dated no earlier than the one before.
- A publication lasts at least the region's minimum number of days (both ends counted), and the
  implementation result is published only after the resolution's publication has ended.
"""

import datetime
from enum import StrEnum

from django.utils.translation import gettext as _

DEFAULT_PUBLICATION_DAYS = 7


class Quorum(StrEnum):
    HALF = "half"  # more than half (过半数)
    TWO_THIRDS = "two_thirds"  # two thirds or more (三分之二以上)


def quorum_met(entitled: int, present: int, quorum: Quorum) -> bool:
    if quorum == Quorum.TWO_THIRDS:
        return present * 3 >= entitled * 2
    return present * 2 > entitled


def attendance_problem(entitled: int, present: int, quorum: Quorum) -> str | None:
    numbers = {"entitled": entitled, "present": present}
    if entitled < 1:
        return _("应到人数须至少为 1 人。")
    if present < 0 or present > entitled:
        return _("应到 %(entitled)d 人，实到 %(present)d 人，实到人数不能多于应到人数。") % numbers
    if quorum_met(entitled, present, quorum):
        return None
    if quorum == Quorum.TWO_THIRDS:
        return _("应到 %(entitled)d 人，实到 %(present)d 人，不足三分之二，会议无效。") % numbers
    return _("应到 %(entitled)d 人，实到 %(present)d 人，未过半数，会议无效。") % numbers


def votes_problem(present: int, votes_for: int, against: int, abstain: int) -> str | None:
    cast = votes_for + against + abstain
    if min(votes_for, against, abstain) < 0:
        return _("票数不能为负数。")
    if cast > present:
        return _(
            "赞成 %(for)d、反对 %(against)d、弃权 %(abstain)d，合计 %(cast)d 票，"
            "多于实到 %(present)d 人。"
        ) % {
            "for": votes_for,
            "against": against,
            "abstain": abstain,
            "cast": cast,
            "present": present,
        }
    return None


def passed_problem(*, entitled: int, present: int, votes_for: int, of_entitled: bool):
    """Whether the votes carry: a majority of those entitled (the resolution) or of those
    present (the steps before it)."""
    if of_entitled:
        if votes_for * 2 > entitled:
            return None
        return _("应到 %(entitled)d 人，赞成 %(for)d 票，未超过应到人数的半数，决议未通过。") % {
            "entitled": entitled,
            "for": votes_for,
        }
    if votes_for * 2 > present:
        return None
    return _("实到 %(present)d 人，赞成 %(for)d 票，未超过实到人数的半数，未获通过。") % {
        "present": present,
        "for": votes_for,
    }


def meeting_problem(
    *,
    entitled: int,
    present: int,
    votes_for: int,
    against: int,
    abstain: int,
    quorum: Quorum,
    of_entitled: bool,
) -> str | None:
    """The first thing wrong with a meeting's numbers, or None."""
    return (
        attendance_problem(entitled, present, quorum)
        or votes_problem(present, votes_for, against, abstain)
        or passed_problem(
            entitled=entitled, present=present, votes_for=votes_for, of_entitled=of_entitled
        )
    )


def order_problem(done: int, step: int, step_names: dict) -> str | None:
    """Steps are numbered from 1; `done` steps are recorded so far."""
    if step <= done:
        return _("“%(step)s”已经记录。") % {"step": step_names[step]}
    if step != done + 1:
        return _("须先完成“%(step)s”。") % {"step": step_names[done + 1]}
    return None


def date_problem(previous: datetime.date | None, previous_name: str, day: datetime.date):
    if previous is not None and day < previous:
        return _("日期 %(day)s 早于上一步“%(step)s”的日期 %(previous)s。") % {
            "day": day.isoformat(),
            "step": previous_name,
            "previous": previous.isoformat(),
        }
    return None


def publication_days(start: datetime.date, end: datetime.date) -> int:
    return (end - start).days + 1


def publication_problem(start: datetime.date, end: datetime.date, minimum: int) -> str | None:
    if end < start:
        return _("公开截止日期 %(end)s 早于开始日期 %(start)s。") % {
            "end": end.isoformat(),
            "start": start.isoformat(),
        }
    days = publication_days(start, end)
    if days < minimum:
        return _("公开期 %(start)s 至 %(end)s 共 %(days)d 天，少于规定的 %(minimum)d 天。") % {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "days": days,
            "minimum": minimum,
        }
    return None


def result_date_problem(resolution_ends: datetime.date, day: datetime.date) -> str | None:
    """The result is published only after the resolution's publication period has ended."""
    if day <= resolution_ends:
        return _(
            "决议公开期至 %(end)s 结束，实施结果最早于 %(first)s 公开，不能在 %(day)s 公开。"
        ) % {
            "end": resolution_ends.isoformat(),
            "first": (resolution_ends + datetime.timedelta(days=1)).isoformat(),
            "day": day.isoformat(),
        }
    return None
