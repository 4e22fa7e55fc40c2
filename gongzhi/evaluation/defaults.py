"""The default scoring table for the Guanghan 2024 program. The plan names its Annex 2, the
绩效评分表, but does not publish it; this default is derived from the plan's tasks and common
practice, labelled as a default, and replaced by the official table through an Excel import.

Data (not UI text): it is what the office would type into the workbook."""

DEFAULT_NAME = "默认评分表，待正式评分表替换"

DEFAULT_NOTES = [
    "本表为系统默认评分表，待正式评分表替换：实施方案附件2《城乡社区治理创特色工作绩效评分表》未随方案公开，"
    "本表依据实施方案的任务清单、职责分工和组织保障要求及常见做法拟定。",
    "满分100分，分六类：组织领导与党建引领15分（方案六(一)“一把手”工程、四(一)创建方案备案、六(二)联席会议制度）；"
    "阵地与场景建设20分（任务6社工站点运行、四(二)10月30日前完成硬件建设、任务3规范挂牌）；"
    "特色类型服务25分（各特色社区的建设任务，及任务8“五社联动”机制）；"
    "资金与项目管理15分（五(二)、六(三)资金及时足额到位、规定程序确定承接机构、第三方督导整改）；"
    "成效与群众满意度15分（五(五)社区开展知晓度和满意度调查，任务2“四议两公开”）；"
    "品牌与宣传10分（任务5品牌项目、任务9及六(四)宣传报道和典型案例）。",
    "加分项合计不超过5分；否决项（挪用资金、弄虚作假、重大安全责任事故）任一成立，等级最高为不合格。",
    "等级：优秀≥90分，良好80–89分，合格60–79分，不合格<60分。最终得分按自评20%、街道审核30%、第三方评分50%加权，"
    "工作组办公室可写明理由后调整。",
    "“系统数据”项由平台记录预填：如满意率按满意度调查中计入比率的回答占比换算（满意率÷90%×分值，封顶），"
    "建设任务按已认定完成的任务数÷5×分值；预填可改，改动须写明理由。",
]

B, BONUS, VETO = "basic", "bonus", "veto"


def _item(code, name, points, method, criteria, *, kind=B, rule="manual", **extra):
    return {
        "code": code,
        "name": name,
        "points": points,
        "method": method,
        "criteria": criteria,
        "kind": kind,
        "rule": rule,
        "target_value": extra.get("target"),
        "per_unit": extra.get("per_unit"),
        "counter": extra.get("counter", ""),
        "counter_args": extra.get("args", {}),
        "target_name": extra.get("target_name", ""),
    }


DEFAULT_CATEGORIES = [
    (
        "组织领导与党建引领",
        [
            _item(
                "1.1",
                "党组织领导，书记亲自抓",
                5,
                "documents",
                "成立由街道党（工）委书记任组长的创建领导小组，明确分管负责人和责任分工；缺一项扣2分。",
            ),
            _item(
                "1.2",
                "制定创建方案并备案",
                5,
                "system",
                "创建方案报市民政局备案并审核通过得满分，未备案不得分。",
                rule="all_or_nothing",
                counter="progress.filings_approved",
                target=1,
            ),
            _item(
                "1.3",
                "联席会议制度",
                5,
                "system",
                "定期召开联席会议，全年不少于4次；每少1次扣1.25分。",
                rule="per_shortfall",
                counter="activities.count",
                args={"type": "joint_meeting"},
                target=4,
                per_unit=1.25,
            ),
        ],
    ),
    (
        "阵地与场景建设",
        [
            _item(
                "2.1",
                "社工站（室）运行",
                6,
                "site",
                "社工站（室）有场地、有人员、有制度、有活动，实体化运行；缺一项扣1.5分。",
            ),
            _item(
                "2.2",
                "硬件设施建设",
                8,
                "site",
                "2024年10月30日前基本完成建设任务中的硬件设施；未完成的每项扣2分。",
            ),
            _item(
                "2.3",
                "规范挂牌，精简证明事项",
                6,
                "documents",
                "社区规范挂牌，清理精简证明事项，优化办事程序和服务时段；缺一项扣2分。",
            ),
        ],
    ),
    (
        "特色类型服务",
        [
            _item(
                "3.1",
                "完成特色社区建设任务",
                15,
                "system",
                "建设任务经街道和工作组办公室认定完成；按完成任务数÷5计分，封顶。",
                rule="proportional",
                counter="progress.pilot_items_done",
                target=5,
            ),
            _item(
                "3.2",
                "“五社联动”与供需对接",
                5,
                "documents",
                "建立社区、社会组织、社会工作者、社区志愿者、社会慈善资源联动机制，开展供需对接；"
                "机制不健全扣2分，未开展对接扣3分。",
            ),
            _item(
                "3.3",
                "常态化志愿服务",
                5,
                "system",
                "全年开展志愿服务活动不少于10次；每少1次扣0.5分。",
                rule="per_shortfall",
                counter="activities.count",
                args={"type": "volunteer"},
                target=10,
                per_unit=0.5,
            ),
        ],
    ),
    (
        "资金与项目管理",
        [
            _item(
                "4.1",
                "资金到位与使用",
                5,
                "documents",
                "项目资金及时足额到位，专款专用，票据齐全；发现一处问题扣1分。",
            ),
            _item(
                "4.2",
                "规定程序确定承接机构",
                5,
                "documents",
                "通过规定程序确定服务承接机构并签订购买协议；程序不规范扣3分，无协议不得分。",
            ),
            _item(
                "4.3",
                "第三方督导整改",
                5,
                "documents",
                "第三方督导发现的问题按期整改销号；每有一项逾期未整改扣1分。",
            ),
        ],
    ),
    (
        "成效与群众满意度",
        [
            _item(
                "5.1",
                "居民满意度",
                8,
                "survey",
                "社区开展满意度调查，满意率达到90%得满分，不足的按满意率÷90%计分。",
                rule="proportional",
                counter="surveys.positive_rate",
                args={"kind": "satisfaction"},
                target=90,
            ),
            _item(
                "5.2",
                "居民知晓度",
                4,
                "survey",
                "社区开展知晓度调查，知晓率达到90%得满分，不足的按知晓率÷90%计分。",
                rule="proportional",
                counter="surveys.positive_rate",
                args={"kind": "awareness"},
                target=90,
            ),
            _item(
                "5.3",
                "“四议两公开”落实",
                3,
                "system",
                "重大事项走完“四议两公开”程序至少1件得满分。",
                rule="all_or_nothing",
                counter="selfgov.matters_completed",
                target=1,
            ),
        ],
    ),
    (
        "品牌与宣传",
        [
            _item(
                "6.1",
                "品牌社会组织与品牌项目",
                5,
                "documents",
                "培育品牌社区社会组织或品牌活动项目至少1个；无则不得分。",
            ),
            _item(
                "6.2",
                "宣传报道",
                5,
                "documents",
                "全过程宣传报道不少于3篇（条）；每少1篇扣1.5分。",
            ),
        ],
    ),
    (
        "加分项",
        [
            _item(
                "B1",
                "经验做法获推广",
                3,
                "documents",
                "经验做法被省级及以上部门或媒体推广的，加3分。",
                kind=BONUS,
            ),
            _item(
                "B2",
                "典型案例",
                3,
                "documents",
                "形成可复制推广的典型案例或优秀案例的，加3分。",
                kind=BONUS,
            ),
        ],
    ),
    (
        "一票否决",
        [
            _item(
                "V1", "挪用、截留项目资金", 0, "documents", "查实挪用、截留项目资金的。", kind=VETO
            ),
            _item("V2", "弄虚作假", 0, "documents", "提供虚假材料、数据弄虚作假的。", kind=VETO),
            _item("V3", "重大安全责任事故", 0, "site", "创建中发生重大安全责任事故的。", kind=VETO),
        ],
    ),
]

DEFAULT_DOCUMENT = {
    "name": DEFAULT_NAME,
    "is_default": True,
    "notes": DEFAULT_NOTES,
    "bonus_cap": 5,
    "weights": {"self": "0.2", "street": "0.3", "third": "0.5"},
    "bands": [["优秀", 90], ["良好", 80], ["合格", 60], ["不合格", 0]],
    "veto_grade": "不合格",
    "categories": [{"name": name, "items": items} for name, items in DEFAULT_CATEGORIES],
}
