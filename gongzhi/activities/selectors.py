"""Reads of activities used by more than one page."""

from django.db.models import Count, Q

from gongzhi.activities.models import SignIn


def signin_counts(activity) -> dict[str, int]:
    """How many signed in to `activity`, in all and by QR code or on paper: one query."""
    return activity.signins.aggregate(
        total=Count("pk"),
        qr=Count("pk", filter=Q(source=SignIn.Source.QR)),
        paper=Count("pk", filter=Q(source=SignIn.Source.PAPER)),
    )
