import gongzhi.core.options
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0001_service_projects_logs_reports"),
        ("core", "0004_option"),
    ]

    operations = [
        gongzhi.core.options.builtins_migration(
            {
                "purchase_method": [
                    ("open_tender", "公开招标"),
                    ("negotiation", "竞争性磋商"),
                    ("single_source", "单一来源"),
                    ("inquiry", "询价"),
                    ("other", "其他"),
                ],
                "service_kind": [
                    ("case", "个案"),
                    ("group", "小组"),
                    ("community_activity", "社区活动"),
                    ("needs_survey", "需求调研"),
                    ("training", "培训"),
                    ("volunteer_training", "志愿者培训"),
                    ("incubation", "孵化社会组织"),
                    ("other", "其他"),
                ],
            }
        ),
    ]
