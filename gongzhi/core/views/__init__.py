"""Base views: every page starts from `.visible_to(user)` and checks the role's permission."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from gongzhi.core.access import access_for
from gongzhi.core.forms import run_service
from gongzhi.core.paging import CappedPaginator
from gongzhi.core.permissions import OutOfScope
from gongzhi.core.roles import Perm


class ScopedViewMixin(LoginRequiredMixin):
    """Owns `get_queryset`: subclasses narrow it in `narrow_queryset`, never replace it.

    Everything follows the model's declared scope (see `gongzhi.core.querysets.Scope`): a list
    shows what the user reaches through a role with `permission`, so every row opens. One object:
    outside what the user reaches through any role → 404; reached, but not through a role with
    `permission` → 403. A view that changes the object (`changes`) needs an owner unit's reach:
    units that may only read the record (linked communities, lead units) get 403.
    """

    model = None
    permission: Perm | None = None
    changes = False
    paginate_by = 50

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise ImproperlyConfigured(f"{cls.__name__} must override narrow_queryset instead")

    @property
    def access(self):
        return access_for(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.permission is None:
            raise ImproperlyConfigured(f"{type(self).__name__} declares no permission")
        if not self.is_object_view() and not self.access.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def is_object_view(self) -> bool:
        return "pk" in self.kwargs

    def get_queryset(self):
        user = self.request.user
        if self.is_object_view():
            visible = self.model.objects.visible_to(user)
        else:  # a list: each page reads the big tables one scope link at a time
            visible = self.model.objects.visible_to(user, self.permission)
            visible = visible.sliced_by_link(user, self.permission)
        return self.narrow_queryset(self.filter_queryset(visible))

    def filter_queryset(self, queryset):
        return queryset

    def narrow_queryset(self, queryset):
        return queryset

    def get_object(self, queryset=None):
        queryset = self.get_queryset() if queryset is None else queryset
        obj = queryset.filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise OutOfScope
        if not self.may_act_on(obj):
            raise PermissionDenied
        return obj

    def may_act_on(self, obj) -> bool:
        """Whether the user's role allows this view on `obj` (already in scope): the declared
        scope again, through roles with `permission`. Views whose workflow decides who may act
        (e.g. who edits or reviews a report) override this, and only this."""
        return role_allows(self.request.user, obj, self.permission, changes=self.changes)


def role_allows(user, obj, permission: Perm, *, changes: bool = False) -> bool:
    """Whether a role of `user` with `permission` reaches `obj` (already in the user's scope):
    as an owner when it `changes` the object, as an owner or reader otherwise."""
    objects, reach = type(obj).objects, access_for(user).scope_paths
    if not changes and set(reach(permission)) == set(reach()):
        return True  # every role the user holds has the permission: reading is settled
    if changes:
        allowed = objects.editable_by(user, permission)
    else:
        allowed = objects.visible_to(user, permission)
    return allowed.filter(pk=obj.pk).exists()


class ScopedListView(ScopedViewMixin, ListView):
    """A paginated list; `filterset_class` (a ListFilterSet) filters it from the query string.
    Filter values that make no sense (e.g. ?year=abc) answer 400 with the form's message."""

    paginator_class = CappedPaginator
    filterset_class = None
    filterset = None

    def filter_queryset(self, queryset):
        if self.filterset_class is None:
            return queryset
        self.filterset = self.filterset_class(
            self.request.GET, queryset=queryset, request=self.request
        )
        return self.filterset.qs if self.filterset.is_valid() else queryset.none()

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)

    def render_to_response(self, context, **kwargs):
        if self.filterset is not None and not self.filterset.is_valid():
            kwargs["status"] = 400
        return super().render_to_response(context, **kwargs)


class ScopedDetailView(ScopedViewMixin, DetailView):
    pass


class ServiceFormMixin:
    """A form whose valid data goes to one service call (`perform`), then to the result's page."""

    success_message = ""

    def perform(self, **data):
        raise NotImplementedError

    def form_valid(self, form):
        result = run_service(form, lambda: self.perform(**form.cleaned_data))
        if result is None:
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message % {"object": result})
        return redirect(self.success_url_for(result))

    def success_url_for(self, result):
        return result.get_absolute_url()


class ModelServiceFormMixin(ServiceFormMixin):
    """A ModelForm (given the actor) whose unsaved instance goes to `save_instance`, a service."""

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "actor": self.request.user}
        if getattr(self, "object", None) is not None:
            kwargs["instance"] = self.object
        return kwargs

    def save_instance(self, instance, form):
        raise NotImplementedError

    def form_valid(self, form):
        instance = form.save(commit=False)
        result = run_service(form, lambda: self.save_instance(instance, form))
        if result is None:
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message % {"object": result})
        return redirect(self.success_url_for(result))


class ScopedFormView(ScopedViewMixin, FormView):
    """A form that creates something; the service checks the target unit."""


class ScopedObjectFormView(ScopedViewMixin, FormView):
    """A form acting on one scoped object (`self.object`) through a service."""

    changes = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)


class ScopedObjectActionView(ScopedViewMixin, View):
    """A POST-only action on one scoped object: `perform` calls a service, then redirect."""

    http_method_names = ["post"]
    changes = True

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            self.perform(self.object)
        except ValidationError as error:
            messages.error(request, _("；").join(error.messages))
        return redirect(self.get_success_url())

    def perform(self, obj):
        raise NotImplementedError

    def get_success_url(self):
        return self.object.get_absolute_url()
