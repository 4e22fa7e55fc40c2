from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from gongzhi.activities import services, signin_sheet
from gongzhi.activities.filters import ActivityFilter
from gongzhi.activities.forms import (
    ActivityForm,
    DecisionForm,
    PaperSignInForm,
    PhotoForm,
    SignInForm,
    SignInUploadForm,
)
from gongzhi.activities.models import Activity, ActivityPhoto, Decision, SignIn
from gongzhi.activities.selectors import signin_counts
from gongzhi.core.audit import Action, audit_record
from gongzhi.core.audited_views import serve_audited_file
from gongzhi.core.context import client_ip
from gongzhi.core.excel import dated_filename, read_rows, xlsx_response
from gongzhi.core.forms import run_service, show_errors
from gongzhi.core.jobs import export_response
from gongzhi.core.paging import page_context
from gongzhi.core.qr import qr_svg_response
from gongzhi.core.roles import Perm
from gongzhi.core.subqueries import count_per_row
from gongzhi.core.views import (
    ModelServiceFormMixin,
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
    ScopedObjectActionView,
    ScopedObjectFormView,
    ScopedViewMixin,
)


class ActivityListView(ScopedListView):
    model = Activity
    permission = Perm.VIEW_REGISTRIES
    template_name = "activities/activity_list.html"
    filterset_class = ActivityFilter

    def narrow_queryset(self, queryset):
        queryset = queryset.select_related("unit", "community")
        attended = count_per_row(SignIn.objects, "activity")  # the page's rows only
        return queryset.annotate(attended=attended).order_by("-starts_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_add=self.access.has_perm(Perm.MANAGE_ACTIVITIES),
            **kwargs,
        )


class ActivityExportView(ScopedViewMixin, View):
    """The list as filtered, in Excel: the query string of the list page comes along."""

    model = Activity
    permission = Perm.VIEW_REGISTRIES
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        query = request.GET.urlencode()
        back = reverse("activities:activity-list")
        return export_response(
            request,
            kind="activity_export",
            title=_("导出活动与会议"),
            params={"query": query},
            back_url=f"{back}?{query}" if query else back,
        )


class ActivityDetailView(ScopedDetailView):
    model = Activity
    permission = Perm.VIEW_REGISTRIES
    template_name = "activities/activity_detail.html"
    signins_per_page = 50

    def get_context_data(self, **kwargs):
        activity = self.object
        can_manage = self.access.reaches(activity.unit, Perm.MANAGE_ACTIVITIES)
        counts = signin_counts(activity)
        signins = activity.signins.order_by("signed_at", "pk")
        paging = page_context(self.request, signins, self.signins_per_page, count=counts["total"])
        return super().get_context_data(
            signins=paging["page_obj"].object_list,
            signin_counts=counts,
            **paging,
            photos=activity.photos.all(),
            decisions=activity.decisions.select_related("owner"),
            partners=activity.partners.all(),
            can_manage=can_manage,
            decision_form=can_manage,
            signin_link=self.request.build_absolute_uri(activity.signin_url()),
            **kwargs,
        )


class ActivityFormMixin(ModelServiceFormMixin):
    model = Activity
    permission = Perm.MANAGE_ACTIVITIES
    form_class = ActivityForm
    template_name = "core/record_form.html"
    success_message = _("已保存。")

    def save_instance(self, instance, form):
        if instance.pk is None:
            instance.created_by = self.request.user
        return services.activity_save(
            actor=self.request.user, activity=instance, partners=form.cleaned_data["partners"]
        )


class ActivityCreateView(ActivityFormMixin, ScopedFormView):
    pass


class ActivityUpdateView(ActivityFormMixin, ScopedObjectFormView):
    pass


class ActivityQrView(ScopedDetailView):
    """The sign-in QR code as SVG, to print or show on a screen at the door."""

    model = Activity
    permission = Perm.VIEW_REGISTRIES

    def get(self, request, *args, **kwargs):
        return qr_svg_response(request, self.get_object().signin_url())


class PhotoAddView(ScopedObjectFormView):
    model = Activity
    permission = Perm.MANAGE_ACTIVITIES
    form_class = PhotoForm
    template_name = "core/record_form.html"

    def form_valid(self, form):
        done = run_service(
            form,
            lambda: services.photos_add(
                actor=self.request.user, activity=self.object, files=form.cleaned_data["files"]
            ),
        )
        if done is None:
            return self.form_invalid(form)
        return redirect(self.object.get_absolute_url())


class PhotoFileView(ScopedDetailView):
    """A photo (or its thumbnail) of an activity, only within scope."""

    model = ActivityPhoto
    permission = Perm.VIEW_REGISTRIES
    thumbnail = False

    def get(self, request, *args, **kwargs):
        return serve_audited_file(request, self.get_object(), thumbnail=self.thumbnail)


class PhotoThumbnailView(PhotoFileView):
    thumbnail = True


class DecisionAddView(ScopedObjectFormView):
    model = Activity
    permission = Perm.MANAGE_ACTIVITIES
    form_class = DecisionForm
    template_name = "core/record_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "activity": self.object}

    def form_valid(self, form):
        done = run_service(
            form,
            lambda: services.decision_add(
                actor=self.request.user, activity=self.object, **form.cleaned_data
            ),
        )
        if done is None:
            return self.form_invalid(form)
        return redirect(self.object.get_absolute_url())


class DecisionCloseView(ScopedObjectActionView):
    model = Decision
    permission = Perm.VIEW_REGISTRIES

    def narrow_queryset(self, queryset):
        return queryset.select_related("activity__unit", "owner")

    def perform(self, obj):
        services.decision_close(
            actor=self.request.user, decision=obj, note=self.request.POST.get("note", "")
        )
        messages.success(self.request, _("已办结。"))

    def get_success_url(self):
        return self.object.activity.get_absolute_url()


class SignInExportView(ScopedDetailView):
    """Who came to an activity, in Excel (phones masked)."""

    model = Activity
    permission = Perm.VIEW_REGISTRIES
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        activity = self.get_object()
        signins = list(activity.signins.all())
        audit_record(
            actor=request.user,
            action=Action.EXPORT,
            obj=activity,
            message=_("导出签到名单（%(n)d 人）") % {"n": len(signins)},
        )
        filename = dated_filename(_("%(title)s签到名单") % {"title": activity.title})
        return xlsx_response(signin_sheet.export(activity, signins), filename)


class PaperSignInMixin:
    """The page of the paper sign-in sheet: one person at a time, or the whole sheet from
    Excel; each form posts to its own address and the page shows both."""

    model = Activity
    permission = Perm.MANAGE_ACTIVITIES
    template_name = "activities/signin_paper.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forms = {"add_form": PaperSignInForm(), "upload_form": SignInUploadForm()}
        forms[self.form_name] = context["form"]
        paper = self.object.signins.filter(source=SignIn.Source.PAPER)
        return {**context, **forms, "paper_signins": paper.order_by("-signed_at", "-pk")[:20]}


class PaperSignInAddView(PaperSignInMixin, ScopedObjectFormView):
    form_class = PaperSignInForm
    form_name = "add_form"

    def form_valid(self, form):
        done = run_service(
            form,
            lambda: services.signin_add(
                actor=self.request.user, activity=self.object, **form.cleaned_data
            ),
        )
        if done is None:
            return self.form_invalid(form)
        messages.success(self.request, _("已添加：%(name)s") % {"name": done.name})
        return redirect(self.request.path)


class PaperSignInImportView(PaperSignInMixin, ScopedObjectFormView):
    form_class = SignInUploadForm
    form_name = "upload_form"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        done = run_service(
            form,
            lambda: services.signins_import(
                actor=self.request.user, activity=self.object, rows=read_rows(upload)
            ),
        )
        if done is None:
            return self.form_invalid(form)
        messages.success(self.request, _("已导入 %(n)d 人。") % {"n": done})
        return redirect(self.object.get_absolute_url())


@login_required
def signin_template(request):
    """The paper sign-in sheet to fill in and import (no data: anyone signed in may take it)."""
    return xlsx_response(signin_sheet.template(), str(_("纸质签到导入模板.xlsx")))


def signin(request, token):
    """The public sign-in page a phone opens from the QR code: no account, one sign-in per phone."""
    activity = get_object_or_404(
        Activity.objects.dangerously_unscoped(
            reason="public sign-in: whoever holds the QR code's secret token may sign in, and "
            "the page shows only the activity's title, time and place"
        ),
        signin_token=token,
    )
    form = SignInForm(request.POST or None)
    status, done = 200, None
    if request.method == "POST" and form.is_valid():
        try:
            done = services.signin_record(
                activity=activity, ip=client_ip(request), **form.cleaned_data
            )
        except services.TooManySignIns:
            form.add_error(None, _("签到过于频繁，请稍后再试。"))
            status = 429
        except services.SignInRefused as refused:
            show_errors(form, refused)
    return render(
        request,
        "activities/signin.html",
        {"activity": activity, "form": form, "done": done},
        status=status,
    )
