"""The second factor's pages: the 动态口令 step of the login, enrolment and its settings, the
recovery codes (shown once), and the office's reset."""

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_login_failed
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, resolve_url
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from django_otp.plugins.otp_static.models import StaticDevice

from gongzhi.accounts import second_factor as sf
from gongzhi.accounts.forms import LoginCodeForm, PhoneCodeForm
from gongzhi.core.forms import run_service

NEW_KEY_SESSION_KEY = "gz_otp_new_key"  # the secret being enrolled, until its first code
RECOVERY_CODES_SESSION_KEY = "gz_otp_recovery_codes"  # new codes, until they are shown once
FEW_RECOVERY_CODES = 3


def _next_url(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@method_decorator(never_cache, name="dispatch")
class CodeStepView(LoginRequiredMixin, FormView):
    """The login's second step. Wrong codes count as failed logins (axes: five at one address
    lock the user name there for 15 minutes) and slow the next try down (django-otp)."""

    template_name = "accounts/otp_verify.html"
    form_class = LoginCodeForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and (sf.is_verified(user) or not sf.has_second_factor(user)):
            request.session.pop(sf.CODE_PENDING_KEY, None)
            return redirect(_next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=_next_url(self.request), **kwargs)

    def post(self, request, *args, **kwargs):
        credentials = {"username": request.user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return self._locked_out(credentials)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        request, user = self.request, self.request.user
        checked = sf.check_code(user, form.cleaned_data["otp_token"])
        if checked.device is None:
            return self._refused(form, checked)
        django_otp.login(request, checked.device)
        request.session.pop(sf.CODE_PENDING_KEY, None)
        AxesProxyHandler.get_implementation().reset_user_attempts(
            request, {"username": user.get_username()}
        )
        sf.audit_verified(user, checked.device)
        if isinstance(checked.device, StaticDevice):
            self._warn_about_recovery_codes(user)
        return redirect(_next_url(request))

    def _refused(self, form, checked):
        request = self.request
        credentials = {"username": request.user.get_username()}
        user_login_failed.send(
            sender=__name__, credentials=credentials, request=request, second_factor=True
        )
        if getattr(request, "axes_locked_out", False):
            return self._locked_out(credentials)
        if checked.wait_seconds:
            error = _("尝试过于频繁，请 %(n)d 秒后再输入。") % {"n": checked.wait_seconds}
        else:
            error = _("动态口令或恢复码不正确。")
        form.add_error("otp_token", error)
        return self.form_invalid(form)

    def _locked_out(self, credentials):
        logout(self.request)
        return get_lockout_response(self.request, None, credentials)

    def _warn_about_recovery_codes(self, user):
        left = sf.remaining_recovery_codes(user)
        if left <= FEW_RECOVERY_CODES:
            messages.warning(
                self.request,
                _("您已使用恢复码登录，还剩 %(n)d 个。请在“两步验证”页面重新生成。") % {"n": left},
            )


@method_decorator(never_cache, name="dispatch")
class SecondFactorView(LoginRequiredMixin, TemplateView):
    """Enrol a phone (scan the QR code or type the key, confirm with a code); once enrolled:
    regenerate the recovery codes, or turn the second factor off where it is optional."""

    template_name = "accounts/second_factor.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        device = sf.phone_device(user)
        context = {"device": device, "required": sf.must_use_second_factor(user)}
        if device is None:
            context["provisioning"] = sf.provisioning(user, self._new_key())
            names = ["enrol_form"]
        else:
            context["remaining"] = sf.remaining_recovery_codes(user)
            names = ["regenerate_form", "disable_form"]
        for name in names:
            context[name] = kwargs.pop(name, None) or _code_form(name)
        return super().get_context_data(**context, **kwargs)

    def _new_key(self) -> str:
        session = self.request.session
        if NEW_KEY_SESSION_KEY not in session:
            session[NEW_KEY_SESSION_KEY] = sf.new_secret()
        return session[NEW_KEY_SESSION_KEY]

    def post(self, request, *args, **kwargs):
        form = _code_form("enrol_form", request.POST)
        result = form.is_valid() and run_service(
            form,
            lambda: sf.enrol(
                user=request.user, key=self._new_key(), code=form.cleaned_data["otp_token"]
            ),
        )
        if not result:
            return self.render_to_response(self.get_context_data(enrol_form=form))
        device, codes = result
        django_otp.login(request, device)
        request.session.pop(NEW_KEY_SESSION_KEY, None)
        request.session.pop(sf.CODE_PENDING_KEY, None)
        messages.success(request, _("两步验证已启用。"))
        return _show_recovery_codes(request, codes)


def _code_form(name, data=None):
    """The page holds up to two code forms: each gets its own element ids."""
    return PhoneCodeForm(data, auto_id=f"{name}_%s")


def _show_recovery_codes(request, codes):
    request.session[RECOVERY_CODES_SESSION_KEY] = codes
    return redirect("accounts:otp-recovery-codes")


class _PhoneCodeActionView(SecondFactorView):
    """A POST on the settings page confirmed with a fresh phone code."""

    http_method_names = ["post"]
    form_name = ""

    def post(self, request, *args, **kwargs):
        if sf.phone_device(request.user) is None:
            messages.error(request, _("您尚未启用两步验证。"))
            return redirect("accounts:otp-setup")
        form = _code_form(self.form_name, request.POST)
        if form.is_valid():
            result = run_service(form, lambda: self.perform(form.cleaned_data["otp_token"]))
            if result is not None:
                return result
        return self.render_to_response(self.get_context_data(**{self.form_name: form}))

    def perform(self, code):
        raise NotImplementedError


class RegenerateRecoveryCodesView(_PhoneCodeActionView):
    form_name = "regenerate_form"

    def perform(self, code):
        codes = sf.regenerate_recovery_codes(user=self.request.user, code=code)
        messages.success(self.request, _("已生成新的恢复码，旧的恢复码已失效。"))
        return _show_recovery_codes(self.request, codes)


class DisableSecondFactorView(_PhoneCodeActionView):
    form_name = "disable_form"

    def perform(self, code):
        sf.disable(user=self.request.user, code=code)
        messages.success(self.request, _("两步验证已关闭。"))
        return redirect("accounts:otp-setup")


@method_decorator(never_cache, name="dispatch")
class RecoveryCodesView(LoginRequiredMixin, TemplateView):
    """New recovery codes, shown once: they are taken out of the session as they are shown."""

    template_name = "accounts/recovery_codes.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            codes=self.request.session.pop(RECOVERY_CODES_SESSION_KEY, None),
            remaining=sf.remaining_recovery_codes(user),
            enrolled=sf.has_second_factor(user),
            **kwargs,
        )
