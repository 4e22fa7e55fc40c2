"""Login lock-out: a user name is locked at one address only (so failures from elsewhere cannot
lock its owner out), and an address is locked for every user name once it fails too often.
Wrong second-factor codes count as failed logins too, and a right password does not clear the
failures of a user who still owes a code: only the whole login does."""

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from gongzhi.accounts.second_factor import has_second_factor, is_verified


def address_failures(ip_address) -> int:
    """Failed logins from one address, whatever the user names, within the cool-off time."""
    if not ip_address:
        return 0
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = AccessAttempt.objects.filter(
        ip_address=ip_address, attempt_time__gte=since
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return failures or 0


class AddressLimitHandler(AxesDatabaseHandler):
    """Axes' database handler, plus a limit per address (`GZ_LOGIN_ADDRESS_LIMIT`): an address
    over it counts as locked for any user name. Offices often share one NAT address, so this
    limit is much higher than the one per user name."""

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        limit = settings.GZ_LOGIN_ADDRESS_LIMIT
        if limit and address_failures(getattr(request, "axes_ip_address", None)) >= limit:
            return max(failures, settings.AXES_FAILURE_LIMIT)
        return failures

    def reset_user_attempts(self, request, credentials=None) -> int:
        user = getattr(request, "user", None)
        if user is not None and owes_code(user):
            return 0
        return super().reset_user_attempts(request, credentials)


def owes_code(user) -> bool:
    return user.is_authenticated and not is_verified(user) and has_second_factor(user)
