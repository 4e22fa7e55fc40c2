from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.http import JsonResponse
from django.views.generic import TemplateView

from gongzhi.core.access import access_for
from gongzhi.orgs.kinds import UnitKind
from gongzhi.orgs.models import Unit
from gongzhi.orgs.selectors import counts_by_kind


class HomeView(LoginRequiredMixin, TemplateView):
    """Each role's start page: its units, what it reaches, and what needs its attention."""

    template_name = "dashboards/home.html"

    def get_context_data(self, **kwargs):
        access = access_for(self.request.user)
        units = Unit.objects.visible_to(self.request.user)
        reach = counts_by_kind(units)
        return super().get_context_data(
            grants=access.grants,
            reach=[
                (UnitKind(kind).label, reach[kind]) for kind in UnitKind.values if kind in reach
            ],
            next_level=self._next_level(access, units),
            attention=[],
            **kwargs,
        )

    @staticmethod
    def _next_level(access, units):
        """The units one level under each grant's reach (a street's communities, …)."""
        condition = Q()
        for path in {grant.scope_path for grant in access.grants}:
            condition |= Q(path__startswith=path, depth=len(path) // Unit.steplen + 1)
        if not condition:
            return []
        return list(units.filter(condition, is_active=True)[:100])


def healthz(request):
    """Liveness for the load balancer: the app answers and reaches its database."""
    Unit.objects.exists()
    return JsonResponse({"status": "ok"})
