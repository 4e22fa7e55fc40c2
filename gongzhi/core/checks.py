"""System checks of gongzhi's own settings (run by `manage.py check`, migrate and runserver)."""

import datetime

from django.conf import settings
from django.core.checks import Error, register

from gongzhi.core.audit_retention import MIN_AUDIT_RETENTION_DAYS
from gongzhi.core.crypto import field_key_problem


@register()
def field_key(app_configs, **kwargs):
    """The personal-data key must be a real 32-byte key wherever it is set."""
    if not settings.GZ_FIELD_KEY:
        return []  # allowed only with DEBUG: settings refuse to start without it otherwise
    problem = field_key_problem(settings.GZ_FIELD_KEY)
    hint = (
        'Make one with: python -c "import base64, os; '
        'print(base64.b64encode(os.urandom(32)).decode())"'
    )
    return [Error(problem, hint=hint, id="gongzhi.E001")] if problem else []


@register()
def demo_today(app_configs, **kwargs):
    """A demo's viewing day never reaches production, and is a real date where it is set."""
    value = settings.GZ_DEMO_TODAY
    if not value:
        return []
    if not settings.DEBUG:
        return [Error("GZ_DEMO_TODAY is for demos only; unset it.", id="gongzhi.E002")]
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return [Error(f"GZ_DEMO_TODAY {value!r} is not a YYYY-MM-DD date.", id="gongzhi.E003")]
    return []


@register()
def audit_retention(app_configs, **kwargs):
    """Audit entries are kept at least six months (the database refuses younger deletions)."""
    days = settings.GZ_AUDIT_RETENTION_DAYS
    if days < MIN_AUDIT_RETENTION_DAYS:
        return [
            Error(
                f"GZ_AUDIT_RETENTION_DAYS is {days}; audit entries must be kept at least "
                f"{MIN_AUDIT_RETENTION_DAYS} days.",
                id="gongzhi.E020",
            )
        ]
    return []
