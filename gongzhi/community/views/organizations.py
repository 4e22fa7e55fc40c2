from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from gongzhi.community import selectors, services
from gongzhi.community.filters import BrandProjectFilter, OrganizationFilter, StationFilter
from gongzhi.community.forms import (
    BrandProjectForm,
    IncubationForm,
    LinkForm,
    OrganizationForm,
    StationForm,
)
from gongzhi.community.models import BrandProject, SocialOrganization, Station
from gongzhi.community.views.base import (
    RegistryDetailView,
    RegistryFormMixin,
    RegistryListView,
)
from gongzhi.core.audit import Action
from gongzhi.core.audited_views import audit_read
from gongzhi.core.pickers import options_response, search_answer
from gongzhi.core.roles import Perm
from gongzhi.core.views import (
    ScopedDetailView,
    ScopedFormView,
    ScopedObjectFormView,
)


class OrganizationListView(RegistryListView):
    model = SocialOrganization
    template_name = "community/organization_list.html"
    filterset_class = OrganizationFilter

    def narrow_queryset(self, queryset):
        return selectors.with_link_count(queryset.select_related("unit")).order_by(
            "unit__path", "name"
        )


class OrganizationDetailView(RegistryDetailView):
    model = SocialOrganization
    template_name = "community/organization_detail.html"

    def get_context_data(self, **kwargs):
        org = self.object
        return super().get_context_data(
            links=org.links.select_related("community"),
            incubations=org.incubations.select_related("agency"),
            activities=org.activities.select_related("community")[:20],
            link_form=LinkForm(actor=self.request.user) if self.can_manage else None,
            incubation_form=IncubationForm() if self.can_manage else None,
            **kwargs,
        )


class OrganizationFormMixin(RegistryFormMixin):
    model = SocialOrganization
    form_class = OrganizationForm

    def save_instance(self, instance, form):
        return services.organization_save(actor=self.request.user, organization=instance)


class OrganizationCreateView(OrganizationFormMixin, ScopedFormView):
    pass


class OrganizationUpdateView(OrganizationFormMixin, ScopedObjectFormView):
    pass


class LinkAddView(RegistryFormMixin, ScopedObjectFormView):
    model = SocialOrganization
    form_class = LinkForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": None}

    def save_instance(self, instance, form):
        instance.organization = self.object
        return services.link_save(actor=self.request.user, link=instance)

    def success_url_for(self, result):
        return self.object.get_absolute_url()


class IncubationAddView(RegistryFormMixin, ScopedObjectFormView):
    model = SocialOrganization
    form_class = IncubationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": None}

    def save_instance(self, instance, form):
        instance.organization = self.object
        return services.incubation_save(actor=self.request.user, incubation=instance)

    def success_url_for(self, result):
        return self.object.get_absolute_url()


class StationListView(RegistryListView):
    model = Station
    template_name = "community/station_list.html"
    filterset_class = StationFilter

    def narrow_queryset(self, queryset):
        return queryset.select_related("unit", "operator")


class StationFormMixin(RegistryFormMixin):
    model = Station
    form_class = StationForm

    def save_instance(self, instance, form):
        return services.station_save(actor=self.request.user, station=instance)


class StationCreateView(StationFormMixin, ScopedFormView):
    pass


class StationUpdateView(StationFormMixin, ScopedObjectFormView):
    pass


class StationDetailView(RegistryDetailView):
    model = Station
    template_name = "community/station_detail.html"


class BrandProjectListView(RegistryListView):
    model = BrandProject
    template_name = "community/brand_project_list.html"
    filterset_class = BrandProjectFilter
    extra_context = {"registry": "brand-projects"}

    def narrow_queryset(self, queryset):
        queryset = queryset.select_related("unit", "organization")
        return queryset.prefetch_related("communities")


class BrandProjectFormMixin(RegistryFormMixin):
    model = BrandProject
    form_class = BrandProjectForm

    def save_instance(self, instance, form):
        return services.brand_project_save(
            actor=self.request.user, project=instance, communities=form.cleaned_data["communities"]
        )

    def success_url_for(self, result):
        return reverse("community:brand-list")


class BrandProjectCreateView(BrandProjectFormMixin, ScopedFormView):
    pass


class BrandProjectUpdateView(BrandProjectFormMixin, ScopedObjectFormView):
    pass


class StationEvidenceView(ScopedDetailView):
    """The running evidence of a station, only within scope."""

    model = Station
    permission = Perm.VIEW_REGISTRIES

    def get(self, request, *args, **kwargs):
        station = self.get_object()
        if not station.check_evidence:
            raise Http404
        audit_read(request, Action.DOWNLOAD, station, _("下载站点运行佐证"))
        return FileResponse(station.check_evidence.open("rb"), as_attachment=True)


@login_required
def organization_options(request):
    """The <option>s of an organisation picker (htmx): organisations in use that the user may
    see, named like `q`, after those still selected."""
    organizations = SocialOrganization.objects.visible_to(request.user).in_use()
    answer = search_answer(request, organizations, order=("name", "pk"))
    return options_response(answer)
