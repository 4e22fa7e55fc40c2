"""What every registry page shares: who may see and keep records, and the record form."""

from functools import cached_property

from django.utils.translation import gettext_lazy as _

from gongzhi.core.roles import Perm
from gongzhi.core.views import ModelServiceFormMixin, ScopedDetailView, ScopedListView

FORM_TEMPLATE = "core/record_form.html"


class RegistryListView(ScopedListView):
    """A registry list, filtered by its `filterset_class`."""

    permission = Perm.VIEW_REGISTRIES

    def get_context_data(self, **kwargs):
        can_manage = self.access.has_perm(Perm.MANAGE_REGISTRIES)
        return super().get_context_data(can_manage=can_manage, **kwargs)


class RegistryDetailView(ScopedDetailView):
    permission = Perm.VIEW_REGISTRIES

    @cached_property
    def can_manage(self) -> bool:
        return self.access.reaches(self.object.unit, Perm.MANAGE_REGISTRIES)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_manage=self.can_manage, **kwargs)


class RegistryFormMixin(ModelServiceFormMixin):
    permission = Perm.MANAGE_REGISTRIES
    template_name = FORM_TEMPLATE
    success_message = _("已保存。")
