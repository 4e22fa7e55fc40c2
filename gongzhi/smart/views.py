from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from gongzhi.core.roles import Perm
from gongzhi.core.views import (
    ScopedDetailView,
    ScopedListView,
    ScopedObjectActionView,
    ScopedViewMixin,
)
from gongzhi.orgs.models import Unit
from gongzhi.smart import live, services
from gongzhi.smart import map as one_map
from gongzhi.smart.boundaries import import_boundaries
from gongzhi.smart.filters import AlarmFilter, DeviceFilter
from gongzhi.smart.forms import BoundaryImportForm, NoteForm
from gongzhi.smart.map_imports import MapFileImportView
from gongzhi.smart.models import Alarm, ElevatorDevice, FaultType


def fault_statistics(alarms) -> list[dict]:
    """Alarms per fault type, open and all, in one query."""
    rows = (
        alarms.order_by()
        .values("fault")
        .annotate(total=Count("pk"), open=Count("pk", filter=~Q(state=Alarm.State.RESOLVED)))
    )
    labels = dict(FaultType.choices)
    return sorted(
        ({**row, "fault": labels.get(row["fault"], row["fault"])} for row in rows),
        key=lambda row: -row["total"],
    )


class AlarmMixin:
    model = Alarm
    permission = Perm.VIEW_SMART

    def narrow_queryset(self, queryset):
        return queryset.select_related("device__community", "responsible")


class AlarmListView(AlarmMixin, ScopedListView):
    template_name = "smart/alarm_list.html"
    filterset_class = AlarmFilter
    paginate_by = 30

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statistics=fault_statistics(self.filterset.qs),
            **live.live_context(live.open_alarms(self.request.user)),
            **kwargs,
        )


class AlarmLiveView(AlarmMixin, ScopedListView):
    """The open alarms, newest first: the fragment the alarm, map, home and pilot pages poll;
    `?unit=` narrows it to a unit the user reads, `?rows=` says how many (at most LIVE_ROWS)."""

    template_name = "smart/alarm_live.html"
    paginate_by = None

    def narrow_queryset(self, queryset):
        unit = self.chosen_unit
        if unit is not None:
            queryset = queryset.filter(device__community__path__startswith=unit.path)
        return super().narrow_queryset(queryset.open())

    @cached_property
    def chosen_unit(self):
        unit_id = self.request.GET.get("unit", "")
        if not unit_id:
            return None
        units = Unit.objects.visible_to(self.request.user, Perm.VIEW_SMART)
        unit = units.filter(pk=unit_id).first() if unit_id.isdigit() else None
        if unit is None:
            raise Http404
        return unit

    def rows(self) -> int:
        rows = self.request.GET.get("rows", "")
        return min(int(rows), live.LIVE_ROWS) if rows.isdigit() and int(rows) else live.LIVE_ROWS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        alarms = context["object_list"]
        return {**context, **live.live_context(alarms, unit=self.chosen_unit, rows=self.rows())}


class AlarmDetailView(AlarmMixin, ScopedDetailView):
    template_name = "smart/alarm_detail.html"

    def narrow_queryset(self, queryset):
        return super().narrow_queryset(queryset).select_related("acknowledged_by", "resolved_by")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_handle=self.object.is_open and services.may_handle(self.request.user, self.object),
            form=NoteForm(),
            **kwargs,
        )


class AlarmActionView(AlarmMixin, ScopedObjectActionView):
    permission = Perm.HANDLE_ALARMS
    done = ""

    def perform(self, obj):
        form = NoteForm(self.request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        self.change(obj, note)
        messages.success(self.request, self.done)


class AlarmAcknowledgeView(AlarmActionView):
    done = _("已确认，正在处置。")

    def change(self, alarm, note):
        services.alarm_acknowledge(actor=self.request.user, alarm=alarm, note=note)


class AlarmResolveView(AlarmActionView):
    done = _("告警已解除。")

    def change(self, alarm, note):
        services.alarm_resolve(actor=self.request.user, alarm=alarm, note=note)


class DeviceListView(ScopedListView):
    model = ElevatorDevice
    permission = Perm.VIEW_SMART
    template_name = "smart/device_list.html"
    filterset_class = DeviceFilter
    paginate_by = 50

    def narrow_queryset(self, queryset):
        return (
            queryset.select_related("community")
            .annotate(
                alarm_count=Count("alarms"),
                open_count=Count("alarms", filter=~Q(alarms__state=Alarm.State.RESOLVED)),
            )
            .order_by("community__name", "building", "name", "pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_manage=self.access.has_perm(Perm.MANAGE_DEVICES),
            can_manage_grids=self.access.has_perm(Perm.MANAGE_GRIDS),
            **kwargs,
        )


class DeviceDetailView(ScopedDetailView):
    model = ElevatorDevice
    permission = Perm.VIEW_SMART
    template_name = "smart/device_detail.html"
    history_rows = 100

    def narrow_queryset(self, queryset):
        return queryset.select_related("community")

    def get_context_data(self, **kwargs):
        alarms = self.object.alarms.select_related("responsible")
        return super().get_context_data(
            alarms=alarms[: self.history_rows],
            alarm_total=alarms.count(),
            can_manage=self.access.reaches(self.object.community, Perm.MANAGE_DEVICES),
            statistics=fault_statistics(alarms),
            **kwargs,
        )


class MapView(ScopedViewMixin, TemplateView):
    """一张图: Leaflet over a plain background, or the intranet tiles of GZ_MAP_TILE_URL."""

    permission = Perm.VIEW_SMART
    template_name = "smart/map.html"

    def get_context_data(self, **kwargs):
        unit, _units = one_map.chosen_unit(self.request.user, self.request.GET.get("unit", ""))
        return super().get_context_data(
            unit=unit,
            tile_url=settings.GZ_MAP_TILE_URL,
            crs=one_map.CRS,
            may_import=self.access.has_perm(Perm.MANAGE_GRIDS),
            **kwargs,
        )


class MapDataView(ScopedViewMixin, TemplateView):
    permission = Perm.VIEW_SMART

    def get(self, request, *args, **kwargs):
        unit, units = one_map.chosen_unit(request.user, request.GET.get("unit", ""))
        data = one_map.map_data(request.user, unit, units)
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})  # half the bytes


class BoundaryImportView(MapFileImportView):
    """Upload unit boundaries as GeoJSON: checked whole, errors by feature, dry run, all or
    nothing; the units are those the user keeps."""

    template_name = "smart/boundary_import.html"
    form_class = BoundaryImportForm
    checked_message = _("检查通过：可导入 %(count)s 个边界。")
    done_message = _("已导入 %(count)s 个边界。")

    def run(self, actor, data) -> int:
        return import_boundaries(
            actor=actor, document=data["file"], gcj02=data["gcj02"], dry_run=data["dry_run"]
        )
