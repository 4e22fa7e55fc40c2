"""Pages of the people and charity registries (listed with their columns; each with a detail
page where its sub-records are kept)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.community import selectors, services
from gongzhi.community.filters import DonorFilter, VolunteerFilter, WorkerFilter
from gongzhi.community.forms import (
    CharityServiceForm,
    ChecklistForm,
    DonationForm,
    DonorForm,
    ExamForm,
    HoursForm,
    TeamForm,
    TrainingForm,
    VolunteerForm,
    WorkerForm,
)
from gongzhi.community.models import (
    CharityService,
    ChecklistPoint,
    Donation,
    Donor,
    SocialWorker,
    Volunteer,
    VolunteerHours,
    VolunteerTeam,
)
from gongzhi.community.retirement import may_restore
from gongzhi.community.views.base import RegistryDetailView, RegistryFormMixin, RegistryListView
from gongzhi.core.audited_views import PersonalDataViewMixin
from gongzhi.core.forms import run_service
from gongzhi.core.roles import Perm
from gongzhi.core.views import (
    ScopedDetailView,
    ScopedFormView,
    ScopedObjectActionView,
    ScopedObjectFormView,
)
from gongzhi.programs.models import Program


class ColumnListView(RegistryListView):
    """A registry list described by its columns: (header, attribute path)."""

    template_name = "community/registry_list.html"
    title = ""
    columns: list = []
    create_url_name = ""
    registry = ""
    related = ("unit",)

    def narrow_queryset(self, queryset):
        return super().narrow_queryset(queryset).select_related(*self.related)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title,
            columns=self.columns,
            registry=self.registry,
            create_url=reverse(self.create_url_name) if self.create_url_name else "",
            **kwargs,
        )


class WorkerListView(ColumnListView):
    model = SocialWorker
    title = _("专业社会工作者")
    columns = [
        (_("姓名"), "name"),
        (_("所属机构"), "unit.name"),
        (_("职业资格"), "get_qualification_display"),
        (_("手机号"), "phone"),
    ]
    create_url_name = "community:worker-create"
    registry = "workers"
    filterset_class = WorkerFilter


class VolunteerListView(ColumnListView):
    model = Volunteer
    title = _("志愿者")
    columns = [
        (_("姓名"), "name"),
        (_("所属社区"), "unit.name"),
        (_("手机号"), "phone"),
        (_("特长"), "skills"),
        (_("已确认时长"), "confirmed_hours"),
    ]
    create_url_name = "community:volunteer-create"
    registry = "volunteers"
    filterset_class = VolunteerFilter

    def narrow_queryset(self, queryset):
        return selectors.with_confirmed_hours(super().narrow_queryset(queryset)).order_by(
            "unit__path", "name"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Totals for the communities and teams of the volunteers on this page only: a county
        # reaches hundreds of each, and the page must stay the size of one page.
        page = list(context["object_list"])
        user = self.request.user
        context["community_totals"] = selectors.community_totals(
            user, units={volunteer.unit_id for volunteer in page}
        )
        context["teams"] = selectors.team_totals(
            user, volunteers=[volunteer.pk for volunteer in page]
        )
        return context


class DonorListView(ColumnListView):
    model = Donor
    title = _("慈善资源")
    columns = [
        (_("名称"), "name"),
        (_("类型"), "get_kind_display"),
        (_("所在单位"), "unit.name"),
        (_("联系人"), "contact_name"),
    ]
    create_url_name = "community:donor-create"
    registry = "donors"
    filterset_class = DonorFilter


class WorkerDetailView(PersonalDataViewMixin, RegistryDetailView):
    model = SocialWorker
    template_name = "community/worker_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            exam_form=ExamForm(), training_form=TrainingForm(), **kwargs
        )


class VolunteerDetailView(PersonalDataViewMixin, RegistryDetailView):
    model = Volunteer
    template_name = "community/volunteer_detail.html"

    def get_context_data(self, **kwargs):
        volunteer = self.object
        hours = list(volunteer.hours.select_related("activity__unit", "confirmed_by", "logged_by"))
        loggers = {}  # one user object per logger, so each logger's grants are read once
        for entry in hours:
            entry.logged_by = loggers.setdefault(entry.logged_by_id, entry.logged_by)
            entry.can_confirm = (
                entry.confirmed_at is None
                and self.access.reaches(services.hours_organiser(entry), Perm.MANAGE_ACTIVITIES)
                and services.hours_confirm_refusal(self.request.user, entry) is None
            )
        return super().get_context_data(
            hours=hours,
            total=selectors.person_total(volunteer),
            hours_form=HoursForm(actor=self.request.user, volunteer=volunteer),
            can_log=not volunteer.is_deactivated
            and self.access.reaches(volunteer.unit, Perm.MANAGE_ACTIVITIES),
            **kwargs,
        )


class DonorDetailView(PersonalDataViewMixin, RegistryDetailView):
    model = Donor
    template_name = "community/donor_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        donations = list(self.object.donations.select_related("unit"))
        services_ = list(self.object.services.select_related("unit"))
        for item in donations + services_:
            item.can_restore = item.is_deactivated and may_restore(user, item)
        return super().get_context_data(donations=donations, services=services_, **kwargs)


def record_views(model_class, form, save, *, done_url=None):
    """The create and edit views of a registry record kind: the same form, the same service
    (which checks the unit and audits the change), the edit scoped to records the user keeps.
    `done_url` names the page to go to after saving (default: the record's own page)."""

    class Mixin(RegistryFormMixin):
        model = model_class
        form_class = form

        def save_instance(self, instance, form_):
            return save(self.request.user, instance, form_)

        def success_url_for(self, result):
            return reverse(done_url) if done_url else result.get_absolute_url()

    class CreateView(Mixin, ScopedFormView):
        pass

    class UpdateView(Mixin, ScopedObjectFormView):
        pass

    return CreateView, UpdateView


WorkerCreateView, WorkerUpdateView = record_views(
    SocialWorker,
    WorkerForm,
    lambda actor, worker, form: services.worker_save(
        actor=actor, worker=worker, communities=form.cleaned_data["communities"]
    ),
)
VolunteerCreateView, VolunteerUpdateView = record_views(
    Volunteer,
    VolunteerForm,
    lambda actor, volunteer, form: services.volunteer_save(
        actor=actor, volunteer=volunteer, teams=form.cleaned_data["teams"]
    ),
)
TeamCreateView, TeamUpdateView = record_views(
    VolunteerTeam,
    TeamForm,
    lambda actor, team, form: services.team_save(actor=actor, team=team),
    done_url="community:volunteer-list",
)
DonorCreateView, DonorUpdateView = record_views(
    Donor, DonorForm, lambda actor, donor, form: services.donor_save(actor=actor, donor=donor)
)
_CharityServiceCreate, CharityServiceUpdateView = record_views(
    CharityService,
    CharityServiceForm,
    lambda actor, service, form: services.charity_service_save(actor=actor, service=service),
)
_DonationCreate, DonationUpdateView = record_views(
    Donation,
    DonationForm,
    lambda actor, donation, form: services.donation_save(actor=actor, donation=donation),
)


def _sub_record(parent_model, form, link, save):
    """A form on a parent's detail page adding one of its sub-records through a service."""

    class SubRecordView(RegistryFormMixin, ScopedObjectFormView):
        model = parent_model
        form_class = form

        def get_form_kwargs(self):
            return {**super().get_form_kwargs(), "instance": None}

        def save_instance(self, instance, form_):
            setattr(instance, link, self.object)
            return save(self.request.user, instance)

        def success_url_for(self, result):
            return self.object.get_absolute_url()

    return SubRecordView


ExamAddView = _sub_record(
    SocialWorker,
    ExamForm,
    "worker",
    lambda actor, r: services.worker_record_add(actor=actor, record=r),
)
TrainingAddView = _sub_record(
    SocialWorker,
    TrainingForm,
    "worker",
    lambda actor, r: services.worker_record_add(actor=actor, record=r),
)
DonationAddView = _sub_record(
    Donor, DonationForm, "donor", lambda actor, d: services.donation_save(actor=actor, donation=d)
)
ServiceAddView = _sub_record(
    Donor,
    CharityServiceForm,
    "provider",
    lambda actor, s: services.charity_service_save(actor=actor, service=s),
)


class HoursLogView(
    _sub_record(
        Volunteer, HoursForm, "volunteer", lambda actor, h: services.hours_log(actor=actor, entry=h)
    )
):
    permission = Perm.MANAGE_ACTIVITIES

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "volunteer": self.object}


class HoursActivityOptionsView(ScopedDetailView):
    """The hours form's activity <option>s for a title typed on the volunteer's page (htmx):
    a few newest matches among the activities the user may see."""

    model = Volunteer
    permission = Perm.MANAGE_ACTIVITIES
    changes = True  # answers whoever may log the volunteer's hours, as the form does
    template_name = "community/hours_activity_options.html"
    shown = 20

    def get_context_data(self, **kwargs):
        search = self.request.GET.get("q", "")[:100]
        activities = selectors.activity_choices(
            self.request.user, volunteer=self.object, search=search, limit=self.shown
        )
        return super().get_context_data(activities=activities, **kwargs)


class HoursConfirmView(ScopedObjectActionView):
    model = VolunteerHours
    permission = Perm.MANAGE_ACTIVITIES

    def narrow_queryset(self, queryset):
        return queryset.select_related("volunteer__unit", "activity__unit")

    def perform(self, obj):
        services.hours_confirm(actor=self.request.user, entry=obj)
        messages.success(self.request, _("已确认。"))

    def get_success_url(self):
        return self.object.volunteer.get_absolute_url()


class ChecklistView(ScopedDetailView):
    """A program's checklist of systems and mechanisms (task 7), kept by the program office."""

    model = Program
    permission = Perm.VIEW_REGISTRIES
    template_name = "community/checklist.html"

    def get_context_data(self, **kwargs):
        points = list(self.object.checklist.all())
        return super().get_context_data(
            points=points,
            done=sum(point.is_done for point in points),
            can_manage=self.access.reaches(self.object.office_unit, Perm.MANAGE_PROGRAMS),
            **kwargs,
        )


class ChecklistMarkView(ScopedObjectFormView):
    model = ChecklistPoint
    permission = Perm.MANAGE_PROGRAMS
    form_class = ChecklistForm
    template_name = "core/record_form.html"

    def get_initial(self):
        return {"is_done": self.object.is_done, "note": self.object.note}

    def form_valid(self, form):
        done = run_service(
            form,
            lambda: services.checklist_mark(
                actor=self.request.user,
                point=self.object,
                is_done=form.cleaned_data["is_done"],
                note=form.cleaned_data["note"],
                evidence=form.cleaned_data["evidence"],
            ),
        )
        if done is None:
            return self.form_invalid(form)
        return redirect("community:checklist", pk=self.object.program_id)
