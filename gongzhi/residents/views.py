from django.contrib import messages
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.models import Activity
from gongzhi.core import clock
from gongzhi.core.audited_views import serve_audited_file
from gongzhi.core.kinds import COMMUNITY_KINDS
from gongzhi.core.paging import CursorPaginationMixin, page_context
from gongzhi.core.qr import qr_svg_response
from gongzhi.core.roles import Perm
from gongzhi.core.services import record_save
from gongzhi.core.views import (
    ModelServiceFormMixin,
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
    ScopedObjectActionView,
    ScopedObjectFormView,
    ServiceFormMixin,
)
from gongzhi.core.work import seats
from gongzhi.orgs.models import Unit
from gongzhi.orgs.selectors import region_of
from gongzhi.residents import services
from gongzhi.residents.filters import NeedFilter
from gongzhi.residents.forms import CategoryForm, MatchForm, NeedRecordForm, StepForm
from gongzhi.residents.models import Need, NeedCategory, NeedMatch, NeedPhoto
from gongzhi.residents.public import community_page_url
from gongzhi.residents.tallies import board_totals


class NeedListView(CursorPaginationMixin, ScopedListView):
    """The needs board: open, overdue and closed needs of the units in reach, newest first and
    paged by (submission time, id), so no page counts or skips every need in reach."""

    model = Need
    cursor_field = "submitted_at"
    permission = Perm.HANDLE_NEEDS
    template_name = "residents/need_list.html"
    filterset_class = NeedFilter

    def narrow_queryset(self, queryset):
        return queryset.select_related("community", "category", "handler")

    def get_context_data(self, **kwargs):
        today = clock.today()
        totals = board_totals(self.request.user, self.permission)
        communities = Unit.objects.filter(
            pk__in=seats(self.access, self.permission), kind__in=COMMUNITY_KINDS
        )
        return super().get_context_data(
            totals=totals,
            today=today,
            boards=[(unit, community_page_url(unit)) for unit in communities],
            **kwargs,
        )


class NeedDetailView(ScopedDetailView):
    model = Need
    permission = Perm.HANDLE_NEEDS
    template_name = "residents/need_detail.html"

    def narrow_queryset(self, queryset):
        return queryset.select_related("community", "grid", "category", "handler", "created_by")

    def get_context_data(self, **kwargs):
        need, user = self.object, self.request.user
        return super().get_context_data(
            events=need.events.select_related("unit"),
            photos=need.photos.all(),
            matches=need.matches.select_related(
                "organization", "team", "donor", "unit", "activity"
            ),
            steps=services.steps_open_to(user, need),
            can_match=need.state in services.MATCHABLE and services.may_handle(user, need),
            overdue=need.is_overdue(clock.today()),
            **kwargs,
        )


class NeedCreateView(ServiceFormMixin, ScopedFormView):
    permission = Perm.HANDLE_NEEDS
    form_class = NeedRecordForm
    template_name = "core/record_form.html"
    success_message = _("已登记并受理。")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}

    def perform(self, *, community, photos, **fields):
        return services.need_record(
            actor=self.request.user, community=community, photos=photos or [], **fields
        )


class HandlerViewMixin:
    """Who acts on a need is decided by its workflow: the handling unit and those above it."""

    model = Need
    permission = Perm.HANDLE_NEEDS

    def may_act_on(self, obj) -> bool:
        return services.may_handle(self.request.user, obj)


class NeedStepView(HandlerViewMixin, ServiceFormMixin, ScopedObjectFormView):
    template_name = "residents/step_form.html"
    form_class = StepForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "need": self.object, "step": self.kwargs["step"]}

    def dispatch(self, request, *args, **kwargs):
        if kwargs["step"] not in services.STEPS:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(step=services.STEPS[self.kwargs["step"]], **kwargs)

    def perform(self, note="", unit=None):
        need = services.need_step(
            actor=self.request.user,
            need=self.object,
            step=self.kwargs["step"],
            note=note,
            unit=unit,
        )
        messages.success(self.request, _("已办理。"))
        return need


class NeedMatchView(HandlerViewMixin, ServiceFormMixin, ScopedObjectFormView):
    template_name = "core/record_form.html"
    form_class = MatchForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user, "need": self.object}

    def get_initial(self):
        return {"activity": self.request.GET.get("activity")}

    def success_url_for(self, result):
        meeting = self.request.GET.get("activity")
        if meeting and meeting.isdigit():
            return reverse("residents:meeting-needs", args=[meeting])
        return result.get_absolute_url()

    def perform(self, *, resource, activity=None, note="", **_unused):
        services.need_match(
            actor=self.request.user,
            need=self.object,
            resource=resource,
            activity=activity,
            note=note,
        )
        messages.success(self.request, _("已对接。"))
        return self.object


class NeedPhotoFileView(ScopedDetailView):
    model = NeedPhoto
    permission = Perm.HANDLE_NEEDS
    thumbnail = False

    def get(self, request, *args, **kwargs):
        return serve_audited_file(request, self.get_object(), thumbnail=self.thumbnail)


class NeedPhotoThumbnailView(NeedPhotoFileView):
    thumbnail = True


class CommunityQrView(ScopedDetailView):
    """The QR code of a community's public page, to print and put up."""

    model = Unit
    permission = Perm.HANDLE_NEEDS

    def narrow_queryset(self, queryset):
        return queryset.filter(kind__in=COMMUNITY_KINDS)

    def get(self, request, *args, **kwargs):
        return qr_svg_response(request, community_page_url(self.get_object()))


# --- categories (the program office) -----------------------------------------------------------


class CategoryListView(ScopedListView):
    model = NeedCategory
    permission = Perm.MANAGE_UNITS
    template_name = "residents/category_list.html"

    def narrow_queryset(self, queryset):
        return queryset.select_related("region", "handler")

    def get_context_data(self, **kwargs):
        return super().get_context_data(region=self.region(), **kwargs)

    def region(self):
        seat = Unit.objects.filter(pk__in=seats(self.access, self.permission)).first()
        return region_of(seat) if seat else None


class CategoryFormMixin:
    model = NeedCategory
    permission = Perm.MANAGE_UNITS
    form_class = CategoryForm
    template_name = "core/record_form.html"
    success_message = _("已保存。")

    def save_instance(self, instance, form):
        if instance.region_id is None:
            instance.region = CategoryListView.region(self)
        return record_save(actor=self.request.user, instance=instance, perm=self.permission)

    def success_url_for(self, result):
        return reverse("residents:category-list")


class CategoryCreateView(CategoryFormMixin, ModelServiceFormMixin, ScopedFormView):
    pass


class CategoryUpdateView(CategoryFormMixin, ModelServiceFormMixin, ScopedObjectFormView):
    pass


class CategoryDefaultsView(ScopedObjectActionView):
    """Give the region the built-in categories it lacks (the pk is the region unit's)."""

    model = Unit
    permission = Perm.MANAGE_UNITS

    def perform(self, obj):
        added = services.ensure_default_categories(region_of(obj), actor=self.request.user)
        messages.success(self.request, _("已添加 %(count)s 个类别。") % {"count": added})

    def get_success_url(self):
        return reverse("residents:category-list")


class MeetingNeedsView(ScopedDetailView):
    """A 供需对接会's needs: the open needs of its community to match there, and the matches
    recorded at it."""

    model = Activity
    permission = Perm.HANDLE_NEEDS
    template_name = "residents/meeting_needs.html"
    needs_per_page = 50

    def narrow_queryset(self, queryset):
        return queryset.filter(community__isnull=False).select_related("community")

    def get_context_data(self, **kwargs):
        meeting, user = self.object, self.request.user
        needs = Need.objects.visible_to(user, self.permission).select_related("category")
        matchable = needs.filter(community=meeting.community, state__in=services.MATCHABLE)
        paging = page_context(self.request, matchable, self.needs_per_page)
        return super().get_context_data(
            open_needs=paging["page_obj"].object_list,
            **paging,
            waiting=needs.filter(community=meeting.community, state=Need.State.SUBMITTED).count(),
            matches=NeedMatch.objects.filter(activity=meeting, need__in=needs).select_related(
                "need__category", "organization", "team", "donor", "unit"
            ),
            **kwargs,
        )
