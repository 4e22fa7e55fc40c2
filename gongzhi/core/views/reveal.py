from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from gongzhi.core import reveal
from gongzhi.core.roles import Perm


@method_decorator(never_cache, name="dispatch")
class RevealView(LoginRequiredMixin, View):
    """POST a reason, get back a fragment with one full value (or why not). Not cached."""

    http_method_names = ["post"]
    template_name = "includes/reveal_result.html"

    def post(self, request, model, pk, field):
        model, field = reveal.revealable_field(model, field)
        obj = self._record(model, pk)
        form = reveal.RevealForm(request.POST)
        context = {"object": obj, "field": field, "masked": getattr(obj, field.attname)}
        if not form.is_valid():
            return self._answer(context | {"form": form, "url": reveal.reveal_url(obj, field.name)})
        if reveal.over_limit(request.user):
            refusal = _("您在一小时内查看完整信息已达 %(limit)s 次上限，请稍后再试。") % {
                "limit": settings.GZ_REVEAL_PER_HOUR
            }
            reveal.audit_refusal(request.user, obj, field, refusal)
            return self._answer(context | {"refusal": refusal})
        reveal.audit_reveal(request.user, obj, field, form.reason_text())
        return self._answer(
            context | {"clear": context["masked"].reveal() if context["masked"] else ""}
        )

    def _record(self, model, pk):
        user = self.request.user
        record = model.objects.editable_by(user, Perm.REVEAL_PERSONAL).filter(pk=pk).first()
        if record is not None:
            return record
        if model.objects.visible_to(user).filter(pk=pk).exists():
            raise PermissionDenied
        raise Http404

    def _answer(self, context):
        return render(self.request, self.template_name, context)  # never_cache: no-store
