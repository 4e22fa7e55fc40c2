from django.urls import path

from gongzhi.accounts import second_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("2fa/", second_factor_views.SecondFactorView.as_view(), name="otp-setup"),
    path("2fa/verify/", second_factor_views.CodeStepView.as_view(), name="otp-verify"),
    path(
        "2fa/recovery-codes/",
        second_factor_views.RecoveryCodesView.as_view(),
        name="otp-recovery-codes",
    ),
    path(
        "2fa/recovery-codes/new/",
        second_factor_views.RegenerateRecoveryCodesView.as_view(),
        name="otp-regenerate",
    ),
    path("2fa/off/", second_factor_views.DisableSecondFactorView.as_view(), name="otp-disable"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("users/", views.UserListView.as_view(), name="user-list"),
    path("users/new/", views.UserCreateView.as_view(), name="user-create"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user-detail"),
    path("users/<int:pk>/edit/", views.UserUpdateView.as_view(), name="user-edit"),
    path("users/<int:pk>/password/", views.UserPasswordView.as_view(), name="user-password"),
    path("users/<int:pk>/unlock/", views.UserUnlockView.as_view(), name="user-unlock"),
    path(
        "users/<int:pk>/2fa-reset/",
        views.UserSecondFactorResetView.as_view(),
        name="user-otp-reset",
    ),
    path("users/<int:pk>/grants/new/", views.GrantAddView.as_view(), name="grant-add"),
    path("grants/<int:pk>/remove/", views.GrantRemoveView.as_view(), name="grant-remove"),
]
