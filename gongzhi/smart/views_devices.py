"""Registering and keeping elevator devices on the web, and the payloads refused at ingestion.

A device's key and HMAC secret are shown once, in the answer to the request that made them
(never stored in clear, never in a session): the database keeps only a hash and a seal."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from gongzhi.core.forms import run_service
from gongzhi.core.roles import Perm
from gongzhi.core.views import (
    ScopedFormView,
    ScopedListView,
    ScopedObjectActionView,
    ScopedObjectFormView,
)
from gongzhi.smart import services
from gongzhi.smart.filters import RejectedFilter
from gongzhi.smart.forms import DeviceForm, ReasonForm
from gongzhi.smart.models import ElevatorDevice, RejectedMessage

PAYLOAD_SHOWN = 500  # characters of a refused payload on the list


def show_credentials(request, device, credentials, *, new: bool):
    """The page that shows the device key and secret, once; the browser keeps no copy."""
    response = render(
        request,
        "smart/device_credentials.html",
        {"object": device, "credentials": credentials, "new": new},
    )
    response["Cache-Control"] = "no-store"
    return response


class DeviceFormMixin:
    model = ElevatorDevice
    permission = Perm.MANAGE_DEVICES
    form_class = DeviceForm
    template_name = "smart/device_form.html"

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "actor": self.request.user}
        if getattr(self, "object", None) is not None:
            kwargs["instance"] = self.object
        return kwargs


class DeviceCreateView(DeviceFormMixin, ScopedFormView):
    def form_valid(self, form):
        device = form.instance
        result = run_service(
            form,
            lambda: services.device_register(
                actor=self.request.user,
                community=device.community,
                building=device.building,
                name=device.name,
                registration_code=device.registration_code,
                latitude=device.latitude,
                longitude=device.longitude,
            ),
        )
        if result is None:
            return self.form_invalid(form)
        return show_credentials(self.request, *result, new=True)


class DeviceUpdateView(DeviceFormMixin, ScopedObjectFormView):
    def form_valid(self, form):
        device = form.instance
        if run_service(
            form, lambda: services.device_update(actor=self.request.user, device=device)
        ):
            messages.success(self.request, _("已保存。"))
            return redirect(device.get_absolute_url())
        return self.form_invalid(form)


class DeviceDeactivateView(ScopedObjectActionView):
    model = ElevatorDevice
    permission = Perm.MANAGE_DEVICES

    def perform(self, obj):
        form = ReasonForm(self.request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.device_deactivate(actor=self.request.user, device=obj, reason=reason)
        messages.success(self.request, _("设备已停用，不再接收它的报文。"))


class DeviceActivateView(ScopedObjectActionView):
    model = ElevatorDevice
    permission = Perm.MANAGE_DEVICES

    def perform(self, obj):
        services.device_activate(actor=self.request.user, device=obj)
        messages.success(self.request, _("设备已重新启用。"))


class DeviceNewKeyView(ScopedObjectActionView):
    """重新生成密钥: the old key and secret stop working; the new ones are shown once."""

    model = ElevatorDevice
    permission = Perm.MANAGE_DEVICES

    def post(self, request, *args, **kwargs):
        device = self.get_object()
        credentials = services.device_new_key(actor=request.user, device=device)
        return show_credentials(request, device, credentials, new=False)


class RejectedListView(ScopedListView):
    """Payloads refused at ingestion, with their reason, so a broken device is noticed."""

    model = RejectedMessage
    permission = Perm.MANAGE_DEVICES
    template_name = "smart/rejected_list.html"
    filterset_class = RejectedFilter
    paginate_by = 30

    def narrow_queryset(self, queryset):
        return queryset.select_related("device__community")

    def get_context_data(self, **kwargs):
        return super().get_context_data(payload_shown=PAYLOAD_SHOWN, **kwargs)
