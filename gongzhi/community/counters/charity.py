"""Counters over charity resources: the 公益+ services run in communities, donations received,
and the checklist of task 7 (六个体系, 五个机制)."""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from gongzhi.community.counters.common import (
    choices_of,
    narrowed,
    reference_day,
    subtree_counter,
)
from gongzhi.community.models import CharityService, ChecklistPoint, Donation
from gongzhi.programs.counters import Arg


def services_of(program, args):
    services = CharityService.objects.in_use().filter(
        since__lte=reference_day(program), provider__deactivated_at__isnull=True
    )
    return narrowed(services, args, model="model")


subtree_counter(
    "community.charity_services",
    label=_("引入社区服务项数"),
    description=_(
        "服务社区在单位内、开始日期不晚于统计日的社区服务（公益+）项数；可按方式（公益+低偿、"
        "公益+市场、纯公益）限定。统计日为今天，项目年度结束后为该年度12月31日。"
    ),
    counted=services_of,
    path="unit__path",
    args=(Arg("model", _("方式"), choices_of(CharityService.Model)),),
)


def donations_received(program, args):
    donations = Donation.objects.in_use().filter(
        received_on__year=program.year, donor__deactivated_at__isnull=True
    )
    return narrowed(donations, args, kind="kind")


DONATION_KIND = Arg("kind", _("捐赠类型"), choices_of(Donation.Kind))

subtree_counter(
    "community.donations",
    label=_("到位捐赠笔数"),
    description=_(
        "受赠社区在单位内、到位日期在项目年度内的捐赠笔数；只有承诺、尚未到位的不计入。"
        "可按类型（资金、物资、服务）限定。"
    ),
    counted=donations_received,
    path="unit__path",
    args=(DONATION_KIND,),
)

subtree_counter(
    "community.donation_amount",
    label=_("到位捐赠金额（元）"),
    description=_(
        "受赠社区在单位内、到位日期在项目年度内的捐赠的金额或折价之和（元）；只有承诺、尚未到位"
        "的不计入。可按类型（资金、物资、服务）限定。"
    ),
    counted=donations_received,
    path="unit__path",
    aggregate=Sum("amount"),
    args=(DONATION_KIND,),
)


def points_done(program, args):
    points = ChecklistPoint.objects.filter(program=program, is_done=True).exclude(evidence="")
    return narrowed(points, args, group="group")


subtree_counter(
    "community.checklist_points",
    label=_("已建立的体系机制要点数"),
    description=_(
        "本项目“体系机制清单”（如任务7的“六个体系”“五个机制”）中标记为已建立、且已上传佐证材料的"
        "要点个数；可按类别（清单中的类别名称，如“六个体系”）限定。清单属于整个项目，"
        "计入工作组办公室所在单位及其上级单位（如项目地区）。"
    ),
    counted=points_done,
    path="program__office_unit__path",
    args=(Arg("group", _("类别")),),
)
