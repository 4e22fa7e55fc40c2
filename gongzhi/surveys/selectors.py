"""What a survey reaches: the communities it covers."""

from django.db.models import Q

from gongzhi.core.kinds import COMMUNITY_KINDS, UnitKind
from gongzhi.orgs.models import Unit
from gongzhi.services.models import ServiceProject


def communities_of(survey):
    """The communities a survey covers: its own unit's, the ones under it, or, for an agency's
    needs survey, those under the buyers of the agency's service projects."""
    unit = survey.unit
    if unit.kind in COMMUNITY_KINDS:
        return Unit.objects.filter(pk=unit.pk)
    roots = [unit.path]
    if unit.kind == UnitKind.AGENCY:
        buyers = ServiceProject.objects.filter(agency=unit).values_list("buyer__path", flat=True)
        roots = sorted(set(buyers))
    served = Q(pk__in=[])
    for path in roots:
        served |= Q(path__startswith=path)
    return Unit.objects.filter(served, kind__in=COMMUNITY_KINDS, is_active=True)
