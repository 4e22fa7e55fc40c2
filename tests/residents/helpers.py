"""Needs written in bulk for the scope tests: (community, handler, state, due, submitted at)."""

from gongzhi.residents.models import Need, NeedCategory


def write_needs(tree, rows) -> None:
    """Replace every need by `rows`, each raised in a community of `tree` and handled by a unit of
    it (both named as `tree`'s attributes)."""
    Need.objects.all().delete()
    category = NeedCategory.objects.get_or_create(region=tree.region, name="设施维修")[0]
    Need.objects.bulk_create(
        Need(
            community=getattr(tree, community),
            handler=getattr(tree, handler),
            category=category,
            description=f"第{index}件",
            state=state,
            due=due,
            submitted_at=submitted_at,
        )
        for index, (community, handler, state, due, submitted_at) in enumerate(rows)
    )
