"""The rate of a survey kind for the ledger's targets (e.g. 满意度 ≥ 90 %): of the answers to
rated questions in the program's surveys of that kind, the share that counts as positive, in
each unit's subtree (by the respondent's community)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from gongzhi.programs.counters import Arg, count_in_subtrees, register, share
from gongzhi.surveys.models import Answer, Survey


def _rated_answers(program, args):
    answers = Answer.objects.filter(
        positive__isnull=False,
        response__survey__kind=args["kind"],
        response__survey__opens_on__year=program.year,
    )
    return answers.filter(Q(response__survey__program=program) | Q(response__survey__program=None))


def _records(program, unit, args):
    return Survey.objects.filter(
        pk__in=_rated_answers(program, args)
        .filter(response__community__path__startswith=unit.path)
        .values("response__survey")
    )


@register(
    "surveys.positive_rate",
    label=_("问卷比率（知晓率、满意率）"),
    description=_("项目年度该类问卷中计入比率的回答所占的百分比。"),
    records=_records,
    args=(Arg("kind", _("问卷类型"), choices=lambda: list(Survey.Kind.values), required=True),),
)
def positive_rate(program, units, args):
    answers = _rated_answers(program, args)
    path = "response__community__path"
    totals = count_in_subtrees(answers, path, units)
    positives = count_in_subtrees(answers, path, units, Count("pk", filter=Q(positive=True)))
    return {unit.pk: share(positives[unit.pk], totals[unit.pk]) for unit in units}
