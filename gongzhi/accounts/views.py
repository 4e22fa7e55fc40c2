from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from gongzhi.accounts import second_factor, services
from gongzhi.accounts.filters import UserFilter
from gongzhi.accounts.forms import (
    GrantForm,
    PasswordResetByAdminForm,
    UserCreateForm,
    UserUpdateForm,
)
from gongzhi.accounts.models import RoleGrant, User
from gongzhi.core.roles import Perm
from gongzhi.core.views import (
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
    ScopedObjectActionView,
    ScopedObjectFormView,
    ServiceFormMixin,
)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("dashboards:home")

    def form_valid(self, form):
        services.user_change_own_password(
            user=form.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("密码已修改。"))
        return redirect(self.get_success_url())


class UserScopedMixin:
    model = User

    def narrow_queryset(self, queryset):
        grants = RoleGrant.objects.select_related("unit").order_by("pk")
        return queryset.prefetch_related(Prefetch("grants", queryset=grants))


class UserListView(UserScopedMixin, ScopedListView):
    permission = Perm.VIEW_USERS
    template_name = "accounts/user_list.html"
    filterset_class = UserFilter

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_manage=self.access.has_perm(Perm.MANAGE_USERS),
            **kwargs,
        )


class UserDetailView(UserScopedMixin, ScopedDetailView):
    permission = Perm.VIEW_USERS
    template_name = "accounts/user_detail.html"
    context_object_name = "person"  # not "user": that is the one signed in

    def get_context_data(self, **kwargs):
        can_manage = all(
            self.access.reaches(grant.unit, Perm.MANAGE_USERS) for grant in self.object.grants.all()
        )
        return super().get_context_data(
            can_manage=can_manage,
            grant_form=GrantForm(actor=self.request.user) if can_manage else None,
            second_factor_on=second_factor.has_second_factor(self.object),
            **kwargs,
        )


class UserCreateView(ServiceFormMixin, ScopedFormView):
    permission = Perm.MANAGE_USERS
    model = User
    form_class = UserCreateForm
    template_name = "accounts/user_form.html"
    success_message = _("已创建用户 %(object)s。")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}

    def perform(self, **data):
        return services.user_create(actor=self.request.user, **data)


class UserUpdateView(ServiceFormMixin, UserScopedMixin, ScopedObjectFormView):
    permission = Perm.MANAGE_USERS
    form_class = UserUpdateForm
    template_name = "accounts/user_form.html"
    success_message = _("已保存。")

    def get_initial(self):
        user = self.object
        return {"full_name": user.full_name, "email": user.email, "is_active": user.is_active}

    def perform(self, **data):
        return services.user_update(actor=self.request.user, user=self.object, **data)


class UserPasswordView(ServiceFormMixin, UserScopedMixin, ScopedObjectFormView):
    permission = Perm.MANAGE_USERS
    form_class = PasswordResetByAdminForm
    template_name = "accounts/user_form.html"
    success_message = _("密码已重置。")

    def perform(self, *, password1, password2):
        return services.user_set_password(
            actor=self.request.user, user=self.object, password=password1
        )


class UserUnlockView(UserScopedMixin, ScopedObjectActionView):
    permission = Perm.MANAGE_USERS

    def perform(self, obj):
        services.user_unlock(actor=self.request.user, user=obj)
        messages.success(self.request, _("已解除登录锁定。"))


class UserSecondFactorResetView(UserScopedMixin, ScopedObjectActionView):
    permission = Perm.MANAGE_USERS

    def perform(self, obj):
        second_factor.reset_by_office(actor=self.request.user, user=obj)
        messages.success(self.request, _("已重置两步验证，该用户下次登录时重新绑定手机。"))


class GrantAddView(ServiceFormMixin, UserScopedMixin, ScopedObjectFormView):
    permission = Perm.MANAGE_USERS
    form_class = GrantForm
    template_name = "accounts/user_form.html"
    success_message = _("已授予角色：%(object)s。")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}

    def perform(self, **data):
        return services.grant_add(actor=self.request.user, user=self.object, **data)

    def success_url_for(self, result):
        return self.object.get_absolute_url()


class GrantRemoveView(ScopedObjectActionView):
    permission = Perm.MANAGE_USERS
    model = RoleGrant

    def perform(self, obj):
        services.grant_remove(actor=self.request.user, grant=obj)
        messages.success(self.request, _("已移除角色：%(grant)s。") % {"grant": obj})

    def get_success_url(self):
        return reverse("accounts:user-detail", args=[self.object.user_id])
