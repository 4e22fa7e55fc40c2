"""What every registry page shares: who may see and keep records, and the record form."""

from functools import cached_property

from django.utils.translation import gettext_lazy as _

from gongzhi.community.retirement import may_restore
from gongzhi.core.roles import Perm
from gongzhi.core.views import ModelServiceFormMixin, ScopedDetailView, ScopedListView

FORM_TEMPLATE = "community/record_form.html"


class RegistryListView(ScopedListView):
    """A registry list, filtered by its `filterset_class` (which leaves out deactivated records
    unless asked to show them)."""

    permission = Perm.VIEW_REGISTRIES

    def get_context_data(self, **kwargs):
        can_manage = self.access.has_perm(Perm.MANAGE_REGISTRIES)
        return super().get_context_data(can_manage=can_manage, **kwargs)


def retirement_context(user, record, can_manage: bool) -> dict:
    """What a record's page needs to offer 停用 (its keeper) or 恢复 (the program office)."""
    deactivated = getattr(record, "is_deactivated", False)
    return {
        "can_manage": can_manage and not deactivated,
        "can_deactivate": can_manage and not deactivated,
        "can_restore": deactivated and may_restore(user, record),
    }


class RegistryDetailView(ScopedDetailView):
    permission = Perm.VIEW_REGISTRIES

    @cached_property
    def can_manage(self) -> bool:
        """Whether the user keeps this record, and it is in use (a deactivated one is only
        read, until it is restored)."""
        if getattr(self.object, "is_deactivated", False):
            return False
        return self.access.reaches(self.object.unit, Perm.MANAGE_REGISTRIES)

    def get_context_data(self, **kwargs):
        context = retirement_context(self.request.user, self.object, self.can_manage)
        return super().get_context_data(**context, **kwargs)


class RegistryFormMixin(ModelServiceFormMixin):
    permission = Perm.MANAGE_REGISTRIES
    template_name = FORM_TEMPLATE
    success_message = _("已保存。")

    def get_context_data(self, **kwargs):
        record = getattr(self, "object", None)  # an edit form's record, not a sub-record's parent
        edits = record is not None and self.get_form_kwargs().get("instance") is record
        if edits and hasattr(record, "deactivate_url"):
            kwargs = {**retirement_context(self.request.user, record, True), **kwargs}
        return super().get_context_data(**kwargs)
