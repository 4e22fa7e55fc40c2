"""Grids and their grid workers (网格员): a list of the grids the user keeps, and a page per grid
to add, edit and remove its workers. Names and phones are personal data, stored encrypted and
shown masked."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from gongzhi.core.forms import run_service
from gongzhi.core.kinds import UnitKind
from gongzhi.core.paths import STEPLEN
from gongzhi.core.roles import Perm
from gongzhi.core.views import ScopedObjectActionView, ScopedObjectFormView, ScopedViewMixin
from gongzhi.orgs.models import Unit
from gongzhi.smart import services
from gongzhi.smart.forms import GridWorkerForm
from gongzhi.smart.models import GridWorker

MAX_GRIDS = 500  # a street's grids fit; more would need a filter


class GridListView(ScopedViewMixin, TemplateView):
    """The grids the user keeps, under their communities, with their workers counted."""

    permission = Perm.MANAGE_GRIDS
    template_name = "smart/grid_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        units = Unit.objects.visible_to(user, self.permission).filter(is_active=True)
        grids = list(units.filter(kind=UnitKind.GRID).order_by("path")[:MAX_GRIDS])
        counts = dict(
            GridWorker.objects.visible_to(user, self.permission)
            .filter(grid__in=grids)
            .order_by()
            .values_list("grid")
            .annotate(n=Count("pk"))
        )
        parents = {
            unit.path: unit.name
            for unit in Unit.objects.visible_to(user).filter(
                path__in={grid.path[:-STEPLEN] for grid in grids}
            )
        }
        for grid in grids:
            grid.worker_count = counts.get(grid.pk, 0)
            grid.parent_name = parents.get(grid.path[:-STEPLEN], "")
        return super().get_context_data(grids=grids, **kwargs)


class WorkerSaveMixin:
    """Saves the form's grid worker through the service, then back to the grid's page."""

    done = _("已保存。")

    def form_valid(self, form):
        worker = form.instance
        saved = run_service(
            form, lambda: services.gridworker_save(actor=self.request.user, worker=worker)
        )
        if saved is None:
            return self.form_invalid(form)
        messages.success(self.request, self.done)
        return redirect("smart:grid-workers", worker.grid_id)


class GridWorkersView(WorkerSaveMixin, ScopedObjectFormView):
    """One grid: its workers, each editable and removable, and a form to add one."""

    model = Unit
    permission = Perm.MANAGE_GRIDS
    form_class = GridWorkerForm
    template_name = "smart/grid_workers.html"
    done = _("已添加网格员。")

    def get_object(self, queryset=None):
        grid = super().get_object(queryset)
        if grid.kind != UnitKind.GRID:
            raise Http404
        return grid

    def get_context_data(self, **kwargs):
        workers = GridWorker.objects.visible_to(self.request.user).filter(grid=self.object)
        return super().get_context_data(grid=self.object, workers=workers, **kwargs)

    def form_valid(self, form):
        worker = form.instance
        worker.grid = self.object
        if run_service(
            form, lambda: services.gridworker_save(actor=self.request.user, worker=worker)
        ):
            messages.success(self.request, _("已添加网格员。"))
            return redirect("smart:grid-workers", self.object.pk)
        return self.form_invalid(form)


class GridWorkerUpdateView(WorkerSaveMixin, ScopedObjectFormView):
    model = GridWorker
    permission = Perm.MANAGE_GRIDS
    form_class = GridWorkerForm
    template_name = "smart/grid_worker_form.html"

    def narrow_queryset(self, queryset):
        return queryset.select_related("grid")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def form_valid(self, form):
        worker = form.instance
        if run_service(
            form, lambda: services.gridworker_save(actor=self.request.user, worker=worker)
        ):
            messages.success(self.request, _("已保存。"))
            return redirect("smart:grid-workers", worker.grid_id)
        return self.form_invalid(form)


class GridWorkerRemoveView(ScopedObjectActionView):
    model = GridWorker
    permission = Perm.MANAGE_GRIDS

    def narrow_queryset(self, queryset):
        return queryset.select_related("grid")

    def perform(self, obj):
        services.gridworker_remove(actor=self.request.user, worker=obj)
        messages.success(self.request, _("已移除网格员。"))

    def get_success_url(self):
        return reverse("smart:grid-workers", args=[self.object.grid_id])
