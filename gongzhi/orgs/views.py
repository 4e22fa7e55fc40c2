from django.utils.translation import gettext_lazy as _

from gongzhi.core.roles import Perm
from gongzhi.core.views import (
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
    ScopedObjectFormView,
    ServiceFormMixin,
)
from gongzhi.orgs import services
from gongzhi.orgs.filters import UnitFilter
from gongzhi.orgs.forms import UnitCreateForm, UnitUpdateForm
from gongzhi.orgs.models import Unit, WorkingGroup
from gongzhi.orgs.selectors import ancestors_of


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
