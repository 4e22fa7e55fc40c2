from django.db import migrations, models

from gongzhi.core.audit_retention import install_guard, remove_guard


def guard(apps, schema_editor):
    install_guard(schema_editor.connection)


def unguard(apps, schema_editor):
    remove_guard(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_option"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "新增"),
                    ("update", "修改"),
                    ("delete", "删除"),
                    ("transition", "状态变更"),
                    ("login", "登录"),
                    ("login_failed", "登录失败"),
                    ("locked_out", "账号锁定"),
                    ("logout", "退出登录"),
                    ("export", "导出"),
                    ("access_denied", "拒绝访问"),
                    ("download", "下载"),
                    ("view_personal", "查看个人信息"),
                    ("token_use", "使用接口令牌"),
                ],
                db_index=True,
                max_length=20,
                verbose_name="操作",
            ),
        ),
        # The database refuses any UPDATE of an audit entry and the DELETE of one younger than
        # 180 days (SQLite and PostgreSQL triggers; other databases rely on the application).
        migrations.RunPython(guard, unguard, elidable=False),
    ]
