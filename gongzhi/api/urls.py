from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from gongzhi.api import (
    endpoints,  # noqa: F401  (fills the registry)
    pages,
)
from gongzhi.api.registry import ROUTES

app_name = "api"


class Router(DefaultRouter):
    include_root_view = False
    include_format_suffixes = False  # JSON only


router = Router()
for route in ROUTES:
    router.register(route.prefix, route.viewset, basename=route.basename)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", pages.SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", pages.RedocView.as_view(url_name="api:schema"), name="redoc"),
    path("tokens/", pages.TokenListView.as_view(), name="token-list"),
    path("tokens/<int:pk>/revoke/", pages.TokenRevokeView.as_view(), name="token-revoke"),
]
