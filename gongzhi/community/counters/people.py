"""Counters over people: professional social workers (qualifications, exams, trainings) and
volunteers (their register, teams and confirmed hours).

A social worker is employed by an agency, which sits beside the streets, not inside them, so a
worker counts where they work: in each community they serve, or, when they serve none on the
register, at their agency."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from gongzhi.community.counters.common import choices_of, narrowed, subtree_counter
from gongzhi.community.models import (
    ExamRecord,
    SocialWorker,
    TrainingRecord,
    Volunteer,
    VolunteerHours,
    VolunteerTeam,
)
from gongzhi.programs.counters import Arg

WORKPLACE = "gz_workplace"


def with_workplace(queryset, worker=""):
    """`queryset` with the path of where its worker works: each community served (one row per
    community), or the agency for a worker who serves none."""
    return queryset.annotate(
        **{WORKPLACE: Coalesce(f"{worker}communities__path", f"{worker}unit__path")}
    )


def workers_of(program, args):
    workers = narrowed(
        SocialWorker.objects.in_use().filter(is_active=True), args, qualification="qualification"
    )
    if args.get("qualified") is not None:
        none = Q(qualification=SocialWorker.Qualification.NONE)
        workers = workers.exclude(none) if args["qualified"] else workers.filter(none)
    return with_workplace(workers)


subtree_counter(
    "community.social_workers",
    label=_("专业社会工作者人数"),
    description=_(
        "在岗的专业社会工作者人数（去重）：服务社区在单位内的社工，以及没有登记服务社区、"
        "所属社工机构在单位内的社工；不计不在岗的。可按职业资格（助理社会工作师、社会工作师、"
        "高级社会工作师、无）或是否持有任一职业资格限定。"
    ),
    counted=workers_of,
    path=WORKPLACE,
    args=(
        Arg("qualification", _("职业资格"), choices_of(SocialWorker.Qualification)),
        Arg("qualified", _("持有职业资格"), kind=bool),
    ),
)


def exam_passes(program, args):
    passes = ExamRecord.objects.filter(
        year=program.year, result=ExamRecord.Result.PASSED, worker__deactivated_at__isnull=True
    )
    return with_workplace(narrowed(passes, args, level="level"), worker="worker__")


subtree_counter(
    "community.exam_passes",
    label=_("通过职业资格考试人数"),
    description=_(
        "考试年度等于项目年度、结果为“通过”的社会工作职业资格考试记录所属的社工人数（去重，"
        "不论目前是否在岗）；社工按服务社区计入，没有登记服务社区的按所属社工机构计入。"
        "可按报考等级限定。"
    ),
    counted=exam_passes,
    path=WORKPLACE,
    aggregate=Count("worker", distinct=True),
    listed=(SocialWorker, "worker"),
    args=(Arg("level", _("报考等级"), lambda: list(SocialWorker.Qualification.values)[1:]),),
)


def trainings_in_year(program, args=None):
    trainings = TrainingRecord.objects.filter(
        date__year=program.year, worker__deactivated_at__isnull=True
    )
    return with_workplace(trainings, "worker__")


subtree_counter(
    "community.trained_workers",
    label=_("参加培训的社工人数"),
    description=_(
        "项目年度内（培训日期在该年度）至少有一条培训记录的社工人数（去重，不论目前是否在岗）；"
        "社工按服务社区计入，没有登记服务社区的按所属社工机构计入。"
    ),
    counted=trainings_in_year,
    path=WORKPLACE,
    aggregate=Count("worker", distinct=True),
    listed=(SocialWorker, "worker"),
)


def registered_volunteers(program, args=None):
    return Volunteer.objects.in_use().filter(is_active=True)


subtree_counter(
    "community.volunteers",
    label=_("注册志愿者人数"),
    description=_("所属社区在单位内、状态为“在册”的志愿者人数；不计已不在册的。"),
    counted=registered_volunteers,
    path="unit__path",
)


def confirmed_hours(program, args=None):
    return VolunteerHours.objects.confirmed().filter(
        date__year=program.year, volunteer__deactivated_at__isnull=True
    )


subtree_counter(
    "community.volunteer_hours",
    label=_("志愿服务时长（小时）"),
    description=_(
        "所属社区在单位内的志愿者在项目年度内（服务日期在该年度）、已经组织方确认的志愿服务时长"
        "之和（小时）；未确认的时长不计入。"
    ),
    counted=confirmed_hours,
    path="volunteer__unit__path",
    aggregate=Sum("hours"),
)


def teams_with_members(program, args=None):
    return VolunteerTeam.objects.in_use().filter(
        volunteer__is_active=True, volunteer__deactivated_at__isnull=True
    )


subtree_counter(
    "community.volunteer_teams",
    label=_("志愿服务队数"),
    description=_("所属单位在单位内、至少有一名在册志愿者的志愿服务队个数。"),
    counted=teams_with_members,
    path="unit__path",
)
