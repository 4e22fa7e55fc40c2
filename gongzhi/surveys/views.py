from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core.audit import Action, audit_record
from gongzhi.core.context import client_ip
from gongzhi.core.excel import dated_filename, table_workbook, xlsx_response
from gongzhi.core.forms import run_service
from gongzhi.core.qr import qr_svg_response
from gongzhi.core.roles import Perm
from gongzhi.core.services import record_save
from gongzhi.core.views import (
    ModelServiceFormMixin,
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
    ScopedObjectFormView,
)
from gongzhi.surveys import exports, services
from gongzhi.surveys.forms import AnswerForm, InvitationForm, QuestionForm, SurveyForm
from gongzhi.surveys.models import Survey
from gongzhi.surveys.stats import survey_statistics


class SurveyListView(ScopedListView):
    model = Survey
    permission = Perm.MANAGE_SURVEYS
    template_name = "surveys/survey_list.html"

    def narrow_queryset(self, queryset):
        queryset = queryset.select_related("unit").annotate(answered=Count("responses"))
        return queryset.order_by("-opens_on", "-pk")  # a grouped query drops Meta.ordering


class SurveyFormMixin(ModelServiceFormMixin):
    model = Survey
    permission = Perm.MANAGE_SURVEYS
    form_class = SurveyForm
    template_name = "core/record_form.html"
    success_message = gettext_lazy("已保存。")

    def save_instance(self, instance, form):
        if instance.pk is None:
            instance.created_by = self.request.user
        return record_save(actor=self.request.user, instance=instance, perm=self.permission)


class SurveyCreateView(SurveyFormMixin, ScopedFormView):
    pass


class SurveyUpdateView(SurveyFormMixin, ScopedObjectFormView):
    pass


class SurveyDetailView(ScopedDetailView):
    model = Survey
    permission = Perm.MANAGE_SURVEYS
    template_name = "surveys/survey_detail.html"

    def narrow_queryset(self, queryset):
        return queryset.select_related("unit", "program")

    def get_context_data(self, **kwargs):
        survey = self.object
        by = "grid" if self.request.GET.get("by") == "grid" else "community"
        return super().get_context_data(
            statistics=survey_statistics(survey, by=by),
            by=by,
            responses=survey.responses.count(),
            invitations=survey.invitations.aggregate(
                made=Count("pk"), used=Count("pk", filter=Q(used_at__isnull=False))
            ),
            public_link=self.request.build_absolute_uri(survey.public_url()),
            can_edit_questions=not survey.responses.exists(),
            **kwargs,
        )


class QuestionAddView(ScopedObjectFormView):
    model = Survey
    permission = Perm.MANAGE_SURVEYS
    form_class = QuestionForm
    template_name = "core/record_form.html"

    def form_valid(self, form):
        added = run_service(
            form,
            lambda: services.question_add(
                actor=self.request.user, survey=self.object, **form.cleaned_data
            ),
        )
        if added is None:
            return self.form_invalid(form)
        messages.success(self.request, _("已添加题目。"))
        return redirect(self.object.get_absolute_url())


class InvitationMakeView(ScopedObjectFormView):
    """Make one-time codes and download them at once, to print on slips."""

    model = Survey
    permission = Perm.MANAGE_SURVEYS
    form_class = InvitationForm
    template_name = "core/record_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "survey": self.object}

    def form_valid(self, form):
        made = run_service(
            form,
            lambda: services.invitations_make(
                actor=self.request.user, survey=self.object, **form.cleaned_data
            ),
        )
        if made is None:
            return self.form_invalid(form)
        link = self.request.build_absolute_uri(self.object.public_url())
        return xlsx_response(
            exports.invitations_workbook(self.object, made, link),
            dated_filename(_("%(title)s-邀请码") % {"title": self.object.title}),
        )


class SurveyQrView(ScopedDetailView):
    model = Survey
    permission = Perm.MANAGE_SURVEYS

    def get(self, request, *args, **kwargs):
        return qr_svg_response(request, self.get_object().public_url())


class SurveyExportView(ScopedDetailView):
    """The answers (nothing personal) or the statistics, as Excel."""

    model = Survey
    permission = Perm.MANAGE_SURVEYS
    what = "answers"

    def get(self, request, *args, **kwargs):
        survey = self.get_object()
        if self.what == "answers":
            title, headers, rows = exports.answers_table(survey)
            name = _("%(title)s-答卷") % {"title": survey.title}
        else:
            title, headers, rows = exports.statistics_table(survey)
            name = _("%(title)s-统计") % {"title": survey.title}
        audit_record(actor=request.user, action=Action.EXPORT, obj=survey, message=name)
        return xlsx_response(table_workbook(title, headers, rows), dated_filename(name))


# --- the public questionnaire ------------------------------------------------------------------


def answer(request, token):
    """The questionnaire from the survey's link or QR code (no account)."""
    survey = get_object_or_404(
        Survey.objects.dangerously_unscoped(
            reason="public questionnaire: whoever holds the survey's secret link may answer; the "
            "page shows the survey's title, introduction and questions"
        ).select_related("unit"),
        public_token=token,
    )
    questions = list(survey.questions.all())
    form = AnswerForm(
        request.POST or None, survey=survey, questions=questions, code=request.GET.get("code", "")
    )
    done, status = None, 200
    if request.method == "POST" and form.is_valid():
        try:
            done = run_service(form, lambda: _submit(request, survey, form))
        except services.TooManyResponses:
            form.add_error(None, _("提交过于频繁，请稍后再试。"))
            status = 429
    context = {"survey": survey, "form": form, "done": done, "is_open": survey.is_open()}
    return render(request, "surveys/answer.html", context, status=status)


def _submit(request, survey, form):
    data = form.cleaned_data
    answers = {int(name[1:]): value for name, value in data.items() if name.startswith("q")}
    community = data.get("community") or survey.unit
    return services.response_submit(
        survey=survey,
        answers=answers,
        community=community,
        phone=data.get("phone", ""),
        code=data.get("code", ""),
        ip=client_ip(request),
    )
