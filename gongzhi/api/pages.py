"""The user's own API tokens (create: the key is shown once; revoke), and the offline docs."""

from csp.decorators import csp_update
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

from gongzhi.api import services
from gongzhi.api.models import Access, ApiToken
from gongzhi.api.registry import MODULES, module_names
from gongzhi.core.forms import run_service

# A value of its own (not the empty one, which forms rename after the field): the select reads 无.
NO_ACCESS = "none"


class TokenForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100, help_text=_("例如：好德行数据同步"))
    days = forms.IntegerField(
        label=_("有效天数"), min_value=1, max_value=services.MAX_DAYS, initial=90
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(NO_ACCESS, _("无")), *Access.choices]
        for name in module_names():
            self.fields[f"scope_{name}"] = forms.ChoiceField(
                label=MODULES[name], choices=choices, required=False, initial=NO_ACCESS
            )

    def scopes(self) -> dict:
        return {
            name: self.cleaned_data[f"scope_{name}"]
            for name in module_names()
            if self.cleaned_data.get(f"scope_{name}", NO_ACCESS) not in ("", NO_ACCESS)
        }


class TokenListView(LoginRequiredMixin, FormView):
    template_name = "api/token_list.html"
    form_class = TokenForm

    def get_context_data(self, **kwargs):
        tokens = ApiToken.objects.filter(user=self.request.user)
        return super().get_context_data(tokens=tokens, modules=MODULES, **kwargs)

    def form_valid(self, form):
        created = run_service(
            form,
            lambda: services.token_create(
                actor=self.request.user,
                name=form.cleaned_data["name"],
                scopes=form.scopes(),
                days=form.cleaned_data["days"],
            ),
        )
        if created is None:
            return self.form_invalid(form)
        token, key = created
        # Shown on this response only: the key is not stored and cannot be shown again.
        return self.render_to_response(
            self.get_context_data(form=TokenForm(), new_token=token, new_key=key)
        )


class TokenRevokeView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        token = ApiToken.objects.filter(user=request.user, pk=pk).first()
        if token is None:
            raise Http404
        services.token_revoke(actor=request.user, token=token)
        messages.success(request, _("令牌已撤销。"))
        return redirect("api:token-list")


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI from local files; its start-up script is a separate file (CSP: no inline)."""

    template_name = "api/swagger_ui.html"


# Redoc writes its styles into the page at run time: this page alone allows inline styles
# (scripts stay local files only), and blob: workers for its search.
@method_decorator(
    csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]}),
    name="dispatch",
)
class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"
