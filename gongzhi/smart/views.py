from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from gongzhi.core.forms import run_service
from gongzhi.core.roles import Perm
from gongzhi.core.views import (
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
    ScopedObjectActionView,
    ScopedViewMixin,
)
from gongzhi.smart import map as one_map
from gongzhi.smart import services
from gongzhi.smart.boundaries import import_boundaries
from gongzhi.smart.filters import AlarmFilter, DeviceFilter
from gongzhi.smart.forms import BoundaryImportForm, NoteForm
from gongzhi.smart.models import Alarm, ElevatorDevice, FaultType

LIVE_SECONDS = 1  # how often the live list asks again (htmx polling; publish → screen p95 ≤ 2 s)
LIVE_ROWS = 30


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
        user = self.request.user
        open_alarms = Alarm.objects.visible_to(user, self.permission).open()
        return super().get_context_data(
            statistics=fault_statistics(self.filterset.qs),
            open_alarms=self.narrow_queryset(open_alarms)[:LIVE_ROWS],
            live_seconds=LIVE_SECONDS,
            **kwargs,
        )


class AlarmLiveView(AlarmMixin, ScopedListView):
    """The open alarms, newest first: the fragment the alarm and map pages poll."""

    template_name = "smart/alarm_live.html"
    paginate_by = None

    def narrow_queryset(self, queryset):
        return super().narrow_queryset(queryset.open())[:LIVE_ROWS]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**context, "open_alarms": context["object_list"], "live_seconds": LIVE_SECONDS}


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
            may_import=self.access.has_perm(Perm.HANDLE_ALARMS),
            **kwargs,
        )


class MapDataView(ScopedViewMixin, TemplateView):
    permission = Perm.VIEW_SMART

    def get(self, request, *args, **kwargs):
        unit, units = one_map.chosen_unit(request.user, request.GET.get("unit", ""))
        data = one_map.map_data(request.user, unit, units)
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})  # half the bytes


class BoundaryImportView(ScopedFormView):
    """Upload unit boundaries as GeoJSON: checked whole, errors by feature, dry run, all or
    nothing; the units are those the user keeps."""

    permission = Perm.HANDLE_ALARMS
    template_name = "smart/boundary_import.html"
    form_class = BoundaryImportForm

    def form_valid(self, form):
        data = form.cleaned_data
        count = run_service(
            form,
            lambda: import_boundaries(
                actor=self.request.user,
                document=data["file"],
                gcj02=data["gcj02"],
                dry_run=data["dry_run"],
            ),
        )
        if count is None:
            return self.form_invalid(form)
        if data["dry_run"]:
            messages.info(self.request, _("检查通过：可导入 %(count)s 个边界。") % {"count": count})
            return self.form_invalid(form)
        messages.success(self.request, _("已导入 %(count)s 个边界。") % {"count": count})
        return redirect("smart:map")
