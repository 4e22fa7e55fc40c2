"""Reads about users used in more than one place."""


def primary_unit(user):
    """The unit of the user's first role: where their account events are filed."""
    if user is None:
        return None
    grant = user.grants.select_related("unit").order_by("pk").first()
    return grant.unit if grant else None
