"""System checks of gongzhi's own settings (run by `manage.py check`, migrate and runserver)."""

from django.conf import settings
from django.core.checks import Error, register

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
