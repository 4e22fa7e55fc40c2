"""The one base of every API viewset: records come from `.visible_to(user)`; out of scope → 404,
in scope but not allowed for the role → 403, as on the pages."""

from django.core.exceptions import PermissionDenied
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, viewsets

from gongzhi.core.access import access_for
from gongzhi.core.permissions import OutOfScope
from gongzhi.core.roles import Perm
from gongzhi.core.views import role_allows


class ScopedViewSet(viewsets.GenericViewSet):
    """Subclasses set `model`, `permission` (to list and read), `module` (for token scopes) and
    `serializer_class`; `narrow_queryset` adds joins; actions check their own rule on the
    object they get from `get_object`."""

    model = None
    permission: Perm
    module = ""
    filter_backends = [DjangoFilterBackend]
    filterset_class = None
    lookup_value_regex = r"\d+"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not self.detail and not access_for(request.user).has_perm(self.permission):
            raise PermissionDenied

    def get_queryset(self):
        user = self.request.user
        if self.detail:
            return self.narrow_queryset(self.model.objects.visible_to(user))
        visible = self.model.objects.visible_to(user, self.permission)
        return self.narrow_queryset(visible.sliced_by_link(user, self.permission))

    def narrow_queryset(self, queryset):
        return queryset

    def get_object(self):
        obj = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise OutOfScope
        if not self.may_act_on(obj):
            raise PermissionDenied
        return obj

    def may_act_on(self, obj) -> bool:
        """Reading: a role with `permission` reaches the object. Actions check their own rule."""
        return role_allows(self.request.user, obj, self.permission)


class ReadOnlyScopedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    pass


def read_only_endpoint(
    prefix: str,
    model,
    *,
    module: str,
    permission: Perm,
    english: str,
    filterset_class=None,
    select: tuple = (),
    prefetch: tuple = (),
    exclude: tuple = (),
    extra: dict | None = None,
    base: type = ReadOnlyScopedViewSet,
):
    """A read-only list and detail of a scoped model, every stored field but files, blind
    indexes and secrets (personal data masked), registered under `prefix`; `extra` adds declared
    fields (labels, nested records fetched with `prefetch`)."""
    from django.utils import translation
    from drf_spectacular.utils import extend_schema, extend_schema_view

    from gongzhi.api.docs import bilingual
    from gongzhi.api.registry import register
    from gongzhi.api.serializers import exposed_fields, read_serializer

    with translation.override("zh-hans"):
        chinese = str(model._meta.verbose_name_plural)
    attrs = {
        "model": model,
        "permission": permission,
        "module": module,
        "serializer_class": read_serializer(
            model, exposed_fields(model, exclude) + list(extra or {}), extra=extra
        ),
        "filterset_class": filterset_class,
        "narrow_queryset": lambda self, queryset: queryset.select_related(*select).prefetch_related(
            *prefetch
        ),
    }
    viewset = type(f"{model.__name__}ViewSet", (base,), attrs)
    documented = extend_schema_view(
        list=extend_schema(**bilingual(f"{chinese}列表", english)),
        retrieve=extend_schema(**bilingual(f"{chinese}详情", f"One of: {english}")),
    )(viewset)
    return register(prefix, documented)
