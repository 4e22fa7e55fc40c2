from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from gongzhi.cases import services
from gongzhi.cases.filters import CaseFilter, PublicityFilter
from gongzhi.cases.forms import TASK_ORDER, CaseForm, PublicityForm, PublishForm, task_label
from gongzhi.cases.models import Case, CasePhoto, Clipping, Publicity
from gongzhi.core.audited_views import serve_audited_file
from gongzhi.core.jobs import export_response
from gongzhi.core.pickers import options_response, search_answer
from gongzhi.core.roles import Perm
from gongzhi.core.views import (
    ModelServiceFormMixin,
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
    ScopedObjectActionView,
    ScopedObjectFormView,
    ScopedViewMixin,
)
from gongzhi.programs.models import Task

# --- typical cases ------------------------------------------------------------------------------


class CaseListView(ScopedListView):
    model = Case
    permission = Perm.VIEW_REGISTRIES
    template_name = "cases/case_list.html"
    filterset_class = CaseFilter

    def narrow_queryset(self, queryset):
        return queryset.select_related("unit").order_by("-date", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_add=self.access.has_perm(Perm.MANAGE_CASES), **kwargs)


class ExportView(ScopedViewMixin, View):
    """A list as filtered, in Excel: the query string of the list page comes along."""

    permission = Perm.VIEW_REGISTRIES
    http_method_names = ["post"]
    kind = ""
    title = ""
    list_url = ""

    def post(self, request, *args, **kwargs):
        query = request.GET.urlencode()
        back = reverse(self.list_url)
        return export_response(
            request,
            kind=self.kind,
            title=str(self.title),
            params={"query": query},
            back_url=f"{back}?{query}" if query else back,
        )


class CaseExportView(ExportView):
    model = Case
    kind = "case_export"
    title = _("导出典型案例")
    list_url = "cases:case-list"


class CaseDetailView(ScopedDetailView):
    model = Case
    permission = Perm.VIEW_REGISTRIES
    template_name = "cases/case_detail.html"

    def narrow_queryset(self, queryset):
        return queryset.select_related("unit", "task")

    def get_context_data(self, **kwargs):
        case = self.object
        return super().get_context_data(
            photos=case.photos.all(),
            publicity=case.publicity.visible_to(self.request.user).select_related("unit"),
            can_edit=self.access.reaches(case.unit, Perm.MANAGE_CASES),
            can_publish=services.may_publish(self.request.user, case),
            **kwargs,
        )


class CaseFormMixin(ModelServiceFormMixin):
    model = Case
    permission = Perm.MANAGE_CASES
    form_class = CaseForm
    template_name = "core/record_form.html"
    success_message = _("已保存。")

    def save_instance(self, instance, form):
        return services.case_save(
            actor=self.request.user, case=instance, photos=form.cleaned_data["photos"]
        )


class CaseCreateView(CaseFormMixin, ScopedFormView):
    pass


class CaseUpdateView(CaseFormMixin, ScopedObjectFormView):
    pass


class CasePublishView(ScopedObjectActionView):
    model = Case
    permission = Perm.PUBLISH_CASES

    def may_act_on(self, obj) -> bool:
        return services.may_publish(self.request.user, obj)

    def perform(self, obj):
        form = PublishForm(self.request.POST)
        public = form.cleaned_data["public"] if form.is_valid() else True
        services.case_publish(actor=self.request.user, case=obj, public=public)
        messages.success(self.request, _("已公开。") if public else _("已撤回公开。"))


class FileView(ScopedDetailView):
    """A stored file (or its thumbnail), only within scope, audited."""

    permission = Perm.VIEW_REGISTRIES
    thumbnail = False

    def get(self, request, *args, **kwargs):
        return serve_audited_file(request, self.get_object(), thumbnail=self.thumbnail)


class CasePhotoView(FileView):
    model = CasePhoto


class CasePhotoThumbnailView(CasePhotoView):
    thumbnail = True


class CasePhotoRemoveView(ScopedObjectActionView):
    model = CasePhoto
    permission = Perm.MANAGE_CASES

    def narrow_queryset(self, queryset):
        return queryset.select_related("case__unit")

    def perform(self, obj):
        services.photo_remove(actor=self.request.user, photo=obj)
        messages.success(self.request, _("已删除照片。"))

    def get_success_url(self):
        return self.object.case.get_absolute_url()


# --- publicity ----------------------------------------------------------------------------------


class PublicityListView(ScopedListView):
    model = Publicity
    permission = Perm.VIEW_REGISTRIES
    template_name = "cases/publicity_list.html"
    filterset_class = PublicityFilter

    def narrow_queryset(self, queryset):
        return queryset.select_related("unit").order_by("-date", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_add=self.access.has_perm(Perm.MANAGE_CASES), **kwargs)


class PublicityExportView(ExportView):
    model = Publicity
    kind = "publicity_export"
    title = _("导出宣传报道")
    list_url = "cases:publicity-list"


class PublicityDetailView(ScopedDetailView):
    model = Publicity
    permission = Perm.VIEW_REGISTRIES
    template_name = "cases/publicity_detail.html"

    def narrow_queryset(self, queryset):
        return queryset.select_related("unit", "task", "case")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            clippings=self.object.clippings.all(),
            can_edit=self.access.reaches(self.object.unit, Perm.MANAGE_CASES),
            **kwargs,
        )


class PublicityFormMixin(ModelServiceFormMixin):
    model = Publicity
    permission = Perm.MANAGE_CASES
    form_class = PublicityForm
    template_name = "core/record_form.html"
    success_message = _("已保存。")

    def save_instance(self, instance, form):
        return services.publicity_save(
            actor=self.request.user,
            publicity=instance,
            clippings=form.cleaned_data["clippings"],
        )


class PublicityCreateView(PublicityFormMixin, ScopedFormView):
    pass


class PublicityUpdateView(PublicityFormMixin, ScopedObjectFormView):
    pass


class ClippingView(FileView):
    model = Clipping


class ClippingThumbnailView(ClippingView):
    thumbnail = True


@login_required
def task_options(request):
    """The <option>s of a record's task picker (htmx): tasks the user may see whose text has
    the typed words."""
    tasks = Task.objects.visible_to(request.user).select_related("pilot")
    answer = search_answer(
        request, tasks, order=TASK_ORDER, lookup="text__icontains", label=task_label
    )
    return options_response(answer)
