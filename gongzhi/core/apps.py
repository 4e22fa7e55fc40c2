from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _guard_audit_log(sender, using, **kwargs):
    """Reinstall the audit log's database guard after every migrate: SQLite drops a table's
    triggers whenever a migration rebuilds the table."""
    from django.db import connections

    from gongzhi.core.audit_retention import install_guard

    connection = connections[using]
    if "core_auditentry" in connection.introspection.table_names():
        install_guard(connection)


class CoreConfig(AppConfig):
    name = "gongzhi.core"
    verbose_name = _("核心")

    def ready(self):
        from gongzhi.core import checks  # noqa: F401  (registers the settings checks)

        post_migrate.connect(_guard_audit_log, sender=self)
