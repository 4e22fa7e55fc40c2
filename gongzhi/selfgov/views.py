"""Pages of 居民自治: major matters and their steps, and the public notice page."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from gongzhi.core import clock
from gongzhi.core.audited_views import serve_audited_file
from gongzhi.core.forms import run_service
from gongzhi.core.kinds import COMMUNITY_KINDS
from gongzhi.core.roles import Perm
from gongzhi.core.views import (
    ModelServiceFormMixin,
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
    ScopedObjectFormView,
    ServiceFormMixin,
)
from gongzhi.orgs.models import Unit
from gongzhi.selfgov import services
from gongzhi.selfgov.forms import (
    CertificateForm,
    CharterForm,
    DutyAdoptForm,
    HoursForm,
    MatterForm,
    RefusalForm,
    SignForm,
    StepForm,
    TemplateItemForm,
)
from gongzhi.selfgov.models import (
    Attachment,
    CertificateItem,
    Charter,
    DutyKind,
    DutyList,
    DutyTemplateItem,
    Matter,
    RefusedRequest,
    ServiceHours,
    Sign,
)
from gongzhi.selfgov.selectors import public_notices

FORM_TEMPLATE = "core/record_form.html"


class MatterListView(ScopedListView):
    model = Matter
    permission = Perm.VIEW_SELFGOV
    template_name = "selfgov/matter_list.html"

    def narrow_queryset(self, queryset):
        return queryset.select_related("unit")

    def get_context_data(self, **kwargs):
        can_manage = self.access.has_perm(Perm.MANAGE_SELFGOV)
        return super().get_context_data(can_manage=can_manage, **kwargs)


class MatterCreateView(ModelServiceFormMixin, ScopedFormView):
    model = Matter
    permission = Perm.MANAGE_SELFGOV
    form_class = MatterForm
    template_name = FORM_TEMPLATE
    success_message = _("已登记，请记录第一步“党组织提议”。")

    def save_instance(self, instance, form):
        return services.matter_create(actor=self.request.user, matter=instance)


class MatterDetailView(ScopedDetailView):
    model = Matter
    permission = Perm.VIEW_SELFGOV
    template_name = "selfgov/matter_detail.html"

    def narrow_queryset(self, queryset):
        return queryset.select_related("unit")

    def get_context_data(self, **kwargs):
        steps = list(self.object.steps.prefetch_related("files"))
        can_manage = self.access.reaches(self.object.unit, Perm.MANAGE_SELFGOV)
        return super().get_context_data(steps=steps, can_manage=can_manage, **kwargs)


class StepRecordView(ScopedObjectFormView):
    """Record the matter's next step."""

    model = Matter
    permission = Perm.MANAGE_SELFGOV
    form_class = StepForm
    template_name = "selfgov/step_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kind": self.object.next_step}

    def get(self, request, *args, **kwargs):
        if self.object.next_step is None:
            return self._done()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.object.next_step is None:
            return self._done()
        return super().post(request, *args, **kwargs)

    def _done(self):
        return redirect(self.object.get_absolute_url())

    def form_valid(self, form):
        step = form.save(commit=False)
        files = form.cleaned_data.get("files") or []
        recorded = run_service(
            form,
            lambda: services.step_record(
                actor=self.request.user, matter=self.object, step=step, files=files
            ),
        )
        if recorded is None:
            return self.form_invalid(form)
        messages.success(
            self.request, _("已记录“%(step)s”。") % {"step": recorded.get_kind_display()}
        )
        return redirect(self.object.get_absolute_url())


class CharterListView(ScopedListView):
    """Every adoption of the charters and conventions, the current one of each kind marked."""

    model = Charter
    permission = Perm.VIEW_SELFGOV
    template_name = "selfgov/charter_list.html"

    def narrow_queryset(self, queryset):
        return queryset.with_current().select_related("unit", "matter").prefetch_related("files")

    def get_context_data(self, **kwargs):
        can_manage = self.access.has_perm(Perm.MANAGE_SELFGOV)
        return super().get_context_data(can_manage=can_manage, **kwargs)


class CharterCreateView(ModelServiceFormMixin, ScopedFormView):
    model = Charter
    permission = Perm.MANAGE_SELFGOV
    form_class = CharterForm
    template_name = FORM_TEMPLATE
    success_message = _("已保存。")

    def save_instance(self, instance, form):
        return services.charter_adopt(
            actor=self.request.user, charter=instance, upload=form.cleaned_data.get("file")
        )


class SelfgovListView(ScopedListView):
    permission = Perm.VIEW_SELFGOV
    related = ("unit",)

    def narrow_queryset(self, queryset):
        return queryset.select_related(*self.related)

    def get_context_data(self, **kwargs):
        can_manage = self.access.has_perm(Perm.MANAGE_SELFGOV)
        return super().get_context_data(can_manage=can_manage, **kwargs)


class SelfgovCreateView(ModelServiceFormMixin, ScopedFormView):
    permission = Perm.MANAGE_SELFGOV
    template_name = FORM_TEMPLATE
    success_message = _("已保存。")


class TemplateListView(SelfgovListView):
    """The region's template of the three lists."""

    model = DutyTemplateItem
    template_name = "selfgov/template_list.html"
    related = ("region",)
    paginate_by = 200


class TemplateCreateView(SelfgovCreateView):
    model = DutyTemplateItem
    form_class = TemplateItemForm

    def save_instance(self, instance, form):
        return services.template_item_save(actor=self.request.user, item=instance)


class DutyListView(SelfgovListView):
    """The lists each community adopted."""

    model = DutyList
    template_name = "selfgov/duty_list.html"

    def narrow_queryset(self, queryset):
        counted = (
            super()
            .narrow_queryset(queryset)
            .annotate(
                item_count=Count("items"), local_count=Count("items", filter=Q(items__source=None))
            )
        )
        return counted.order_by("unit__path", "kind")

    def get_context_data(self, **kwargs):
        return super().get_context_data(kinds=DutyKind.choices, **kwargs)


class DutyDetailView(ScopedDetailView):
    model = DutyList
    permission = Perm.VIEW_SELFGOV
    template_name = "selfgov/duty_detail.html"

    def narrow_queryset(self, queryset):
        return queryset.select_related("unit")

    def get_context_data(self, **kwargs):
        return super().get_context_data(items=list(self.object.items.all()), **kwargs)


class DutyAdoptView(ServiceFormMixin, ScopedFormView):
    model = DutyList
    permission = Perm.MANAGE_SELFGOV
    form_class = DutyAdoptForm
    template_name = "selfgov/duty_adopt.html"
    success_message = _("已采用。")

    def dispatch(self, request, *args, **kwargs):
        if kwargs["kind"] not in DutyKind.values:
            raise Http404
        self.kind = DutyKind(kwargs["kind"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user, "kind": self.kind}

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind=self.kind, **kwargs)

    def perform(self, *, unit, adopted_on, kept, additions):
        return services.duty_list_adopt(
            actor=self.request.user,
            unit=unit,
            kind=self.kind,
            adopted_on=adopted_on,
            kept=list(kept),
            additions=services.parse_additions(additions),
        )


class RefusalListView(SelfgovListView):
    model = RefusedRequest
    template_name = "selfgov/refusal_list.html"
    related = ("unit", "item")


class RefusalCreateView(SelfgovCreateView):
    model = RefusedRequest
    form_class = RefusalForm

    def save_instance(self, instance, form):
        return services.refusal_record(actor=self.request.user, refusal=instance)


class HoursListView(SelfgovListView):
    model = ServiceHours
    template_name = "selfgov/hours_list.html"


class HoursCreateView(SelfgovCreateView):
    model = ServiceHours
    form_class = HoursForm

    def save_instance(self, instance, form):
        return services.hours_save(actor=self.request.user, hours=instance)


class HoursEditView(ModelServiceFormMixin, ScopedObjectFormView):
    model = ServiceHours
    permission = Perm.MANAGE_SELFGOV
    form_class = HoursForm
    template_name = FORM_TEMPLATE
    success_message = _("已保存。")

    def save_instance(self, instance, form):
        return services.hours_save(actor=self.request.user, hours=instance)


class CertificateListView(SelfgovListView):
    model = CertificateItem
    template_name = "selfgov/certificate_list.html"


class CertificateCreateView(SelfgovCreateView):
    model = CertificateItem
    form_class = CertificateForm

    def save_instance(self, instance, form):
        return services.certificate_save(actor=self.request.user, item=instance)


class CertificateEditView(ModelServiceFormMixin, ScopedObjectFormView):
    model = CertificateItem
    permission = Perm.MANAGE_SELFGOV
    form_class = CertificateForm
    template_name = FORM_TEMPLATE
    success_message = _("已保存。")

    def save_instance(self, instance, form):
        return services.certificate_save(actor=self.request.user, item=instance)


class SignListView(SelfgovListView):
    model = Sign
    template_name = "selfgov/sign_list.html"

    def narrow_queryset(self, queryset):
        return super().narrow_queryset(queryset).prefetch_related("photos")


class SignSaveMixin:
    model = Sign
    form_class = SignForm
    template_name = FORM_TEMPLATE
    success_message = _("已保存。")

    def save_instance(self, instance, form):
        return services.sign_check(
            actor=self.request.user, sign=instance, photo=form.cleaned_data.get("photo")
        )


class SignCreateView(SignSaveMixin, SelfgovCreateView):
    pass


class SignEditView(SignSaveMixin, ModelServiceFormMixin, ScopedObjectFormView):
    permission = Perm.MANAGE_SELFGOV


class AttachmentView(ScopedDetailView):
    model = Attachment
    permission = Perm.VIEW_SELFGOV

    def get(self, request, *args, **kwargs):
        return serve_audited_file(request, self.get_object(), thumbnail=False)


class PublicNoticeView(TemplateView):
    """A community's public notice page (no login): published resolutions and results, the
    current charter and convention and the duty lists; nothing about people."""

    template_name = "selfgov/public_notice.html"

    def get_context_data(self, **kwargs):
        community = get_object_or_404(
            Unit.objects.dangerously_unscoped(
                reason="public page: a community's name, found by its number"
            ),
            pk=self.kwargs["pk"],
            kind__in=COMMUNITY_KINDS,
            is_active=True,
        )
        return super().get_context_data(
            community=community, today=clock.today(), **public_notices(community), **kwargs
        )
