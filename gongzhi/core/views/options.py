"""The configurable lists' page (/settings/lists/): the program office adds values, renames them,
deactivates and reactivates them, and deletes the ones it added that no record uses."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from gongzhi.core import options, services
from gongzhi.core.roles import Perm
from gongzhi.core.views import ScopedViewMixin


class OptionListsMixin(ScopedViewMixin):
    """The role that manages units manages the lists (no records of a unit: the permission
    alone decides)."""

    permission = Perm.MANAGE_UNITS


class OptionListsView(OptionListsMixin, TemplateView):
    template_name = "core/option_lists.html"

    def get_context_data(self, **kwargs):
        lists = [
            {
                "name": spec.name,
                "verbose_name": spec.verbose_name,
                "values": options.values(spec.name, active_only=False),
            }
            for spec in sorted(options.LISTS.values(), key=lambda spec: str(spec.verbose_name))
        ]
        return super().get_context_data(lists=lists, **kwargs)


class OptionActionView(OptionListsMixin, View):
    """A POST on one list (or one of its values), answered by going back to the page with what
    was done or why not."""

    http_method_names = ["post"]

    def post(self, request, list_name, code=""):
        if list_name not in options.LISTS or (code and options.value_of(list_name, code) is None):
            raise Http404
        try:
            done = self.perform(list_name, code, request.POST)
        except ValidationError as error:
            messages.error(request, _("；").join(error.messages))
        else:
            messages.success(request, done)
        return redirect(f"{reverse('core:option-lists')}#list-{list_name}")

    def perform(self, list_name, code, data) -> str:
        raise NotImplementedError


class OptionAddView(OptionActionView):
    def perform(self, list_name, code, data):
        option = services.option_add(
            actor=self.request.user,
            list_name=list_name,
            label=data.get("label", ""),
            code=data.get("code", ""),
        )
        return _("已添加“%(label)s”。") % {"label": option.label}


class OptionRenameView(OptionActionView):
    def perform(self, list_name, code, data):
        option = services.option_rename(
            actor=self.request.user, list_name=list_name, code=code, label=data.get("label", "")
        )
        return _("已改名为“%(label)s”。") % {"label": option.label}


class OptionToggleView(OptionActionView):
    """Deactivates an active value, reactivates a deactivated one."""

    def perform(self, list_name, code, data):
        active = not options.value_of(list_name, code).is_active
        option = services.option_set_active(
            actor=self.request.user, list_name=list_name, code=code, active=active
        )
        label = options.label_of(list_name, option.code)
        if active:
            return _("已启用“%(label)s”。") % {"label": label}
        return _("已停用“%(label)s”：不再供选择，已有记录照常显示。") % {"label": label}


class OptionDeleteView(OptionActionView):
    def perform(self, list_name, code, data):
        label = options.label_of(list_name, code)
        services.option_delete(actor=self.request.user, list_name=list_name, code=code)
        return _("已删除“%(label)s”。") % {"label": label}
