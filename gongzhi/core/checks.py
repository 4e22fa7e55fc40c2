"""System checks of gongzhi's own settings (run by `manage.py check`, migrate and runserver)."""

import datetime

from django.conf import settings
from django.core.checks import Error, register

from gongzhi.core.audit_retention import MIN_AUDIT_RETENTION_DAYS
from gongzhi.core.crypto import CIPHER_CHOICES, key_problem

_KEY_HINT = (
    'Make one with: python -c "import base64, os; print(base64.b64encode(os.urandom(32)).decode())"'
)


@register()
def field_key(app_configs, **kwargs):
    """The personal-data keys must be real 32-byte keys wherever they are set."""
    keys = [("GZ_FIELD_KEY", settings.GZ_FIELD_KEY), ("GZ_INDEX_KEY", settings.GZ_INDEX_KEY)]
    keys += [("GZ_FIELD_KEYS_OLD", value) for value in settings.GZ_FIELD_KEYS_OLD]
    # an unset GZ_FIELD_KEY is allowed only with DEBUG: settings refuse to start without it
    problems = [key_problem(name, value) for name, value in keys if value]
    return [Error(problem, hint=_KEY_HINT, id="gongzhi.E001") for problem in problems if problem]


@register()
def field_key_rotation(app_configs, **kwargs):
    """A rotation keeps the blind index: it needs its own key, and a known cipher."""
    errors = []
    if settings.GZ_FIELD_CIPHER not in CIPHER_CHOICES:
        errors.append(
            Error(f"GZ_FIELD_CIPHER must be one of {', '.join(CIPHER_CHOICES)}.", id="gongzhi.E004")
        )
    if settings.GZ_FIELD_KEYS_OLD and not settings.GZ_INDEX_KEY:
        errors.append(
            Error(
                "GZ_FIELD_KEYS_OLD is set but GZ_INDEX_KEY is not: the blind index would change "
                "with the new GZ_FIELD_KEY and lookups by phone would miss.",
                hint="Set GZ_INDEX_KEY to the GZ_FIELD_KEY the stored indexes were made with.",
                id="gongzhi.E005",
            )
        )
    return errors


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
