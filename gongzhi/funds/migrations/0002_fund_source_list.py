import gongzhi.core.options
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("funds", "0001_budget_lines_fund_entries"),
        ("core", "0004_option"),
    ]

    operations = [
        gongzhi.core.options.builtins_migration(
            {
                "fund_source": [
                    ("province", "省级补助"),
                    ("city", "市级配套"),
                    ("department", "部门资金"),
                    ("street", "街道资金"),
                    ("charity", "社会/慈善资金"),
                ],
            }
        ),
    ]
