import uuid
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from gongzhi.core.access import access_for
from gongzhi.core.excel import xlsx_response
from gongzhi.core.jobs import job_start
from gongzhi.core.kinds import UnitKind
from gongzhi.core.models import Job
from gongzhi.core.pickers import options_response, search_answer
from gongzhi.core.roles import Perm
from gongzhi.core.views import (
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
    ScopedObjectFormView,
    ServiceFormMixin,
)
from gongzhi.core.views.jobs import OwnJobMixin
from gongzhi.orgs import services
from gongzhi.orgs.filters import UnitFilter
from gongzhi.orgs.forms import UnitCreateForm, UnitImportForm, UnitUpdateForm
from gongzhi.orgs.models import Unit, WorkingGroup
from gongzhi.orgs.selectors import ancestors_of, region_units_for
from gongzhi.orgs.unit_import import template_workbook


class UnitListView(ScopedListView):
    model = Unit
    permission = Perm.VIEW_UNITS
    template_name = "orgs/unit_list.html"
    filterset_class = UnitFilter

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_manage=self.access.has_perm(Perm.MANAGE_UNITS),
            **kwargs,
        )


class UnitDetailView(ScopedDetailView):
    model = Unit
    permission = Perm.VIEW_UNITS
    template_name = "orgs/unit_detail.html"

    def get_context_data(self, **kwargs):
        unit = self.object
        visible = Unit.objects.visible_to(self.request.user)
        grants = unit.grants.none()
        if self.access.reaches(unit, Perm.VIEW_USERS):
            grants = unit.grants.select_related("user").order_by("role", "user__username")
        return super().get_context_data(
            ancestors=ancestors_of(unit, visible),
            children=visible.filter(path__startswith=unit.path, depth=unit.depth + 1),
            grants=grants,
            statistics=unit.statistics.order_by("-year"),
            can_manage=self.access.reaches(unit, Perm.MANAGE_UNITS),
            **kwargs,
        )


class UnitCreateView(ServiceFormMixin, ScopedFormView):
    model = Unit
    permission = Perm.MANAGE_UNITS
    form_class = UnitCreateForm
    template_name = "orgs/unit_form.html"
    success_message = _("已新建单位“%(object)s”。")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}

    def get_initial(self):
        return {"parent": self.request.GET.get("parent")}

    def perform(self, **data):
        return services.unit_create(actor=self.request.user, **data)


class UnitUpdateView(ServiceFormMixin, ScopedObjectFormView):
    model = Unit
    permission = Perm.MANAGE_UNITS
    form_class = UnitUpdateForm
    template_name = "orgs/unit_form.html"
    success_message = _("已保存。")

    def get_initial(self):
        unit = self.object
        fields = ("name", "kind", "code", "note", "is_active")
        return {field: getattr(unit, field) for field in fields}

    def perform(self, **data):
        return services.unit_update(actor=self.request.user, unit=self.object, **data)


class WorkingGroupView(ScopedListView):
    model = WorkingGroup
    permission = Perm.VIEW_WORKING_GROUP
    template_name = "orgs/working_group.html"
    paginate_by = None

    def narrow_queryset(self, queryset):
        return queryset.select_related("region", "office_unit").prefetch_related("members__unit")


class UnitImportView(ScopedFormView):
    """The office uploads a unit tree (Excel or YAML); a background job plans it first."""

    model = Unit
    permission = Perm.MANAGE_UNITS
    form_class = UnitImportForm
    template_name = "orgs/unit_import.html"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        path = default_storage.save(f"jobs/input/{uuid.uuid4().hex}{suffix}", upload)
        job = job_start(
            owner=self.request.user,
            kind="unit_import_plan",
            title=_("导入单位（预览）：%(file)s") % {"file": upload.name},
            params={"path": path, "name": upload.name[:200]},
            retry_url=self.request.path,
        )
        return redirect(job.get_absolute_url())


def _may_apply(job) -> bool:
    """A plan is applied once, and only when it changes something."""
    counts = job.params.get("plan", {}).get("counts", {})
    changes = sum(counts.get(key, 0) for key in CHANGE_COUNTS)
    return bool(changes) and not job.params.get("applied")


CHANGE_COUNTS = ("created", "updated", "statistics_created", "statistics_updated")


class UnitImportPlanView(OwnJobMixin, DetailView):
    """What a planned unit import would change; "确认导入" applies the same stored file."""

    template_name = "orgs/unit_import_plan.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not access_for(user).has_perm(Perm.MANAGE_UNITS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(kind="unit_import_plan", state=Job.State.DONE)

    def get_context_data(self, **kwargs):
        plan = self.object.params.get("plan", {})
        return super().get_context_data(
            plan=plan,
            counts=plan.get("counts", {}),
            applied=self.object.params.get("applied"),
            can_apply=_may_apply(self.object),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            job = self.get_object(self.get_queryset().select_for_update())
            if not _may_apply(job):
                messages.info(request, _("这次导入已确认过或没有需要导入的变化。"))
                return redirect("orgs:unit-import-plan", pk=job.pk)
            apply = job_start(
                owner=request.user,
                kind="unit_import_apply",
                title=_("导入单位：%(file)s") % {"file": job.params["name"]},
                params={"path": job.params["path"], "name": job.params["name"]},
                retry_url=job.params.get("retry_url", ""),
            )
            job.params = {**job.params, "applied": apply.pk}
            job.save(update_fields=["params"])
        return redirect(apply.get_absolute_url())


@login_required
def unit_import_template(request):
    """The blank unit template with examples and notes (no data: anyone signed in may take it)."""
    return xlsx_response(template_workbook(), str(_("单位导入模板.xlsx")))


@login_required
def unit_options(request):
    """The <option>s of a unit picker (htmx): active units named like `q`, of the picker's
    kinds, among those the user may keep records for with the picker's permission (any unit
    the user may see when it has none), or among the units of the region `around` a unit; a
    few, in tree order."""
    perm, around = request.GET.get("perm", ""), request.GET.get("around", "")
    if around.isdigit():
        units = region_units_for(request.user, int(around))
    elif perm in {known.value for known in Perm}:
        units = Unit.objects.editable_by(request.user, Perm(perm))
    else:
        units = Unit.objects.visible_to(request.user)
    kinds = [kind for kind in request.GET.get("kinds", "").split(",") if kind in UnitKind.values]
    if kinds:
        units = units.filter(kind__in=kinds)
    answer = search_answer(request, units.filter(is_active=True), order=("path",))
    return options_response(answer)
