"""Django's admin behind the second factor: a user who must use one is let in only once their
session has given a code (as django-otp's OTPAdminSite does, but following GZ_OTP_REQUIRED)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class SecondFactorAdminSite(admin.AdminSite):
    def has_permission(self, request):
        from gongzhi.accounts.second_factor import is_verified, must_use_second_factor

        user = request.user
        if not super().has_permission(request):
            return False
        return is_verified(user) or not must_use_second_factor(user)


class SecondFactorAdminConfig(AdminConfig):
    default_site = "gongzhi.accounts.admin_site.SecondFactorAdminSite"
