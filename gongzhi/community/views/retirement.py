"""停用 and 恢复 of any registry record: one confirm page and one action, shared by every kind
(the kind's model is given in the URL configuration)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from gongzhi.community import retirement
from gongzhi.core.forms import run_service
from gongzhi.core.roles import Perm
from gongzhi.core.views import ScopedObjectActionView, ScopedObjectFormView


class DeactivateForm(forms.Form):
    reason = forms.CharField(
        label=_("停用原因"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("如：重复登记、已迁出、已注销")}),
    )


class DeactivateView(ScopedObjectFormView):
    """Asks for the reason (GET), then deactivates (POST): whoever keeps the record."""

    permission = Perm.MANAGE_REGISTRIES
    form_class = DeactivateForm
    template_name = "community/deactivate.html"

    def form_valid(self, form):
        done = run_service(
            form,
            lambda: retirement.deactivate(
                actor=self.request.user, record=self.object, reason=form.cleaned_data["reason"]
            ),
        )
        if done is None:
            return self.form_invalid(form)
        messages.success(self.request, _("已停用“%(record)s”。") % {"record": done})
        return redirect(done.get_absolute_url())


class RestoreView(ScopedObjectActionView):
    """Puts a deactivated record back in use: the program office only (see the service)."""

    permission = Perm.MANAGE_REGISTRIES

    def perform(self, obj):
        retirement.restore(actor=self.request.user, record=obj)
        messages.success(self.request, _("已恢复“%(record)s”。") % {"record": obj})
