from django.urls import path

from gongzhi.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("users/", views.UserListView.as_view(), name="user-list"),
    path("users/new/", views.UserCreateView.as_view(), name="user-create"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user-detail"),
    path("users/<int:pk>/edit/", views.UserUpdateView.as_view(), name="user-edit"),
    path("users/<int:pk>/password/", views.UserPasswordView.as_view(), name="user-password"),
    path("users/<int:pk>/unlock/", views.UserUnlockView.as_view(), name="user-unlock"),
    path("users/<int:pk>/grants/new/", views.GrantAddView.as_view(), name="grant-add"),
    path("grants/<int:pk>/remove/", views.GrantRemoveView.as_view(), name="grant-remove"),
]
