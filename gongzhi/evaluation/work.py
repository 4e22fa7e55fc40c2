"""The evaluation to-dos (我的待办): for the assessed community or street, its self-assessment
to do or redo; for the street, the third party and the office, the rounds waiting at their
stage (to review, to score, to conclude)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core.review import EDITABLE_STATES, ReviewState
from gongzhi.core.roles import Perm
from gongzhi.core.work import Urgency, WorkItem, WorkList, capped, register_work_source, seats
from gongzhi.evaluation.chain import FLOW
from gongzhi.evaluation.models import Round


def _to_assess(user, access, today):
    units = seats(access, Perm.SELF_ASSESS)
    if not units:
        return None
    return Round.objects.visible_to(user).filter(unit_id__in=units, state__in=EDITABLE_STATES)


def _to_score(user, access, today):
    if not seats(access, Perm.SCORE_ROUNDS):
        return None
    return Round.objects.visible_to(user).filter(FLOW.awaiting_filter(user))


def _entry(round, detail) -> WorkItem:
    return WorkItem(
        title=_("%(unit)s 考核评估") % {"unit": round.unit.name},
        url=round.get_absolute_url(),
        urgency=Urgency.DUE_SOON if round.state == ReviewState.RETURNED else Urgency.WAITING,
        detail=detail(round),
    )


def _listed(count, detail):
    def items(user, access, today):
        rounds = count(user, access, today)
        if rounds is None:
            return WorkList()
        rounds = rounds.select_related("unit").order_by("updated_at", "pk")
        return capped(rounds, lambda round: _entry(round, detail))

    return items


def _assess_detail(round) -> str:
    if round.state == ReviewState.RETURNED:
        return _("已退回，请修改后重新提交")
    return _("请完成自评并提交")


def register() -> None:
    sources = [
        (
            "evaluation.rounds_to_score",
            gettext_lazy("待评分的考核评估"),
            _to_score,
            _listed(_to_score, lambda round: _("待您评分（审核、评分或审定）")),
        ),
        (
            "evaluation.rounds_to_assess",
            gettext_lazy("待自评的考核评估"),
            _to_assess,
            _listed(_to_assess, _assess_detail),
        ),
    ]
    for order, (name, label, count, items) in enumerate(sources, start=71):
        register_work_source(name, label, order, items, count)
