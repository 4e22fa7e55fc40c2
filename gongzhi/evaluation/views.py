from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from gongzhi.core.audit import Action, audit_record
from gongzhi.core.evidence import evidence_kinds
from gongzhi.core.excel import dated_filename, xlsx_response
from gongzhi.core.forms import run_service
from gongzhi.core.roles import Perm
from gongzhi.core.views import (
    ScopedDetailView,
    ScopedListView,
    ScopedObjectActionView,
    ScopedObjectFormView,
    ScopedViewMixin,
)
from gongzhi.evaluation import services
from gongzhi.evaluation.chain import FLOW, stage_kind
from gongzhi.evaluation.document import document_of
from gongzhi.evaluation.exports import sheet_workbook, stage_labels
from gongzhi.evaluation.forms import ReviewForm, RoundForm, TableUploadForm, score_entries
from gongzhi.evaluation.models import EvidenceLink, ItemScore, Round, ScoringTable
from gongzhi.evaluation.sheet import ENTRY_STAGE, STAGES, score_sheet, suggested
from gongzhi.evaluation.workbook import export_table, read_table
from gongzhi.programs.models import Program

# --- the scoring table ---------------------------------------------------------------------------


class TableDetailView(ScopedDetailView):
    model = ScoringTable
    permission = Perm.VIEW_PROGRAMS
    template_name = "evaluation/table_detail.html"

    def narrow_queryset(self, queryset):
        return queryset.select_related("program")

    def get_context_data(self, **kwargs):
        table = self.object
        return super().get_context_data(
            categories=table.categories.prefetch_related("items"),
            can_import=self.access.reaches(table.program.region, Perm.MANAGE_PROGRAMS),
            versions=ScoringTable.objects.filter(program=table.program).only("pk", "version"),
            **kwargs,
        )


class TableExportView(ScopedViewMixin, View):
    model = ScoringTable
    permission = Perm.VIEW_PROGRAMS

    def get(self, request, pk):
        table = self.get_object()
        audit_record(actor=request.user, action=Action.EXPORT, obj=table, message=_("导出评分表"))
        return xlsx_response(export_table(document_of(table)), dated_filename(table.name))


class TableImportView(ScopedObjectFormView):
    """The office replaces the program's table by the official one (Excel, checked whole)."""

    model = ScoringTable
    permission = Perm.MANAGE_PROGRAMS
    form_class = TableUploadForm
    template_name = "evaluation/table_import.html"

    def form_valid(self, form):
        program = self.object.program

        def save():
            document = read_table(form.cleaned_data["file"])
            return services.table_save(actor=self.request.user, program=program, document=document)

        table = run_service(form, save)
        if table is None:
            return self.form_invalid(form)
        messages.success(self.request, _("评分表已导入。"))
        return redirect(table.get_absolute_url())


# --- rounds --------------------------------------------------------------------------------------


class RoundListView(ScopedListView):
    model = Round
    permission = Perm.VIEW_PROGRAMS
    template_name = "evaluation/round_list.html"
    paginate_by = 50

    def narrow_queryset(self, queryset):
        return queryset.select_related("unit", "street", "third_party", "program")

    def get_context_data(self, **kwargs):
        programs = Program.objects.visible_to(self.request.user)
        program = programs.order_by("-year", "pk").first()
        table = services.current_table(program) if program else None
        return super().get_context_data(
            program=program,
            table=table,
            can_create=program is not None
            and self.access.reaches(program.region, Perm.MANAGE_PROGRAMS),
            **kwargs,
        )


class RoundCreateView(ScopedObjectFormView):
    model = Program
    permission = Perm.MANAGE_PROGRAMS
    form_class = RoundForm
    template_name = "core/record_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": self.object}

    def form_valid(self, form):
        round = run_service(
            form,
            lambda: services.round_create(
                actor=self.request.user, program=self.object, **form.cleaned_data
            ),
        )
        if round is None:
            return self.form_invalid(form)
        messages.success(self.request, _("已开展考核评估。"))
        return redirect(round.get_absolute_url())


class RoundMixin:
    model = Round

    def narrow_queryset(self, queryset):
        return queryset.select_related(
            "program__office_unit", "program__region", "unit", "street", "third_party", "table"
        )


class RoundDetailView(RoundMixin, ScopedDetailView):
    permission = Perm.VIEW_PROGRAMS
    template_name = "evaluation/round_detail.html"

    def get_context_data(self, **kwargs):
        round, user = self.object, self.request.user
        reviewer = FLOW.current_reviewer(round)
        stage = services.scoring_stage(user, round)
        sheet = score_sheet(round)
        entry = ENTRY_STAGE.get(stage or "", "")
        _decorate(sheet, entry, round.table.weights)
        return super().get_context_data(
            sheet=sheet,
            stage=stage,
            entry_stage=entry,
            stage_totals=[(label, sheet.totals[key]) for key, label in stage_labels().items()],
            reviewer=reviewer,
            reviewer_kind=stage_kind(round, reviewer) if reviewer else "",
            can_edit=stage == "self",
            can_review=FLOW.may_review(user, round),
            can_reopen=services.may_reopen(user, round),
            stages=round.stages.select_related("unit"),
            events=round.events.select_related("actor", "actor_unit"),
            evidence_choices=_evidence_choices(user, round) if stage == "self" else [],
            **kwargs,
        )


EVIDENCE_CHOICES_PER_KIND = 10


def _decorate(sheet, entry: str, weights) -> None:
    """Give each row what its card shows: the stages scored so far and the field's value."""
    labels = stage_labels()
    for row in sheet.rows:
        row.stage_list = [
            (labels[key], row.scores[key], row.reasons[key])
            for key in STAGES
            if key != entry and (row.scores[key] is not None or row.reasons[key])
        ]
        if entry:
            row.entry_points = suggested(row, entry, weights)
            row.entry_reason = row.reasons[entry]


def _evidence_choices(user, round) -> list:
    """[(kind label, [(value, record label), …]), …]: the unit's latest records of each kind of
    evidence the user can see."""
    groups = []
    for kind in evidence_kinds():
        records = kind.of_unit(user, round.unit)[:EVIDENCE_CHOICES_PER_KIND]
        options = [(f"{kind.name}:{record.pk}", str(record)) for record in records]
        if options:
            groups.append((kind.label, options))
    return groups


class RoundActionView(RoundMixin, ScopedObjectActionView):
    permission = Perm.VIEW_PROGRAMS


class RoundScoreView(RoundActionView):
    """Save the scores of the user's stage; with “submit” (self-assessment) also submit."""

    def may_act_on(self, obj) -> bool:
        return services.scoring_stage(self.request.user, obj) is not None

    def perform(self, obj):
        items = [
            (score.item_id, f"{score.item.code} {score.item.name}")
            for score in ItemScore.objects.filter(round=obj).select_related("item")
        ]
        entries = score_entries(self.request.POST, items)
        user = self.request.user
        services.scores_save(actor=user, round=obj, entries=entries)
        if "submit" in self.request.POST:
            services.round_submit(actor=user, round=obj)
            messages.success(self.request, _("自评已提交。"))
        else:
            messages.success(self.request, _("评分已保存。"))


class RoundReviewView(RoundActionView):
    def may_act_on(self, obj) -> bool:
        return FLOW.may_review(self.request.user, obj)

    def perform(self, obj):
        form = ReviewForm(self.request.POST)
        if not form.is_valid():
            messages.error(self.request, _("请选择审核结论。"))
            return
        comment, user = form.cleaned_data["comment"], self.request.user
        if form.cleaned_data["decision"] == "approve":
            services.round_approve(actor=user, round=obj, comment=comment)
            messages.success(self.request, _("已通过。"))
        else:
            services.round_return(actor=user, round=obj, comment=comment)
            messages.success(self.request, _("已退回。"))


class RoundReopenView(RoundActionView):
    def may_act_on(self, obj) -> bool:
        return services.may_reopen(self.request.user, obj)

    def perform(self, obj):
        services.round_reopen(
            actor=self.request.user, round=obj, reason=self.request.POST.get("reason", "")
        )
        messages.success(self.request, _("已重新打开。"))


class RoundPrefillView(RoundActionView):
    def may_act_on(self, obj) -> bool:
        return FLOW.may_edit(self.request.user, obj)

    def perform(self, obj):
        services.prefill_refresh(actor=self.request.user, round=obj)
        messages.success(self.request, _("已按平台数据重新预填。"))


class RoundEvidenceView(RoundActionView):
    """Cite a record as evidence for an item (or remove a citation)."""

    def may_act_on(self, obj) -> bool:
        return FLOW.may_edit(self.request.user, obj)

    def perform(self, obj):
        data, user = self.request.POST, self.request.user
        if data.get("remove", "").isdigit():
            link = EvidenceLink.objects.filter(score__round=obj, pk=data["remove"]).first()
            if link is not None:
                services.evidence_remove(actor=user, link=link)
            return
        score_id = data.get("score", "")
        score = (
            ItemScore.objects.filter(round=obj, pk=score_id).first() if score_id.isdigit() else None
        )
        kind, _sep, object_id = data.get("record", "").rpartition(":")
        if score is None or not object_id.isdigit():
            raise ValidationError(_("请选择评分项和佐证记录。"))
        services.evidence_add(actor=user, score=score, kind=kind, object_id=int(object_id))
        messages.success(self.request, _("已添加佐证材料。"))


class RoundExcelView(RoundMixin, ScopedViewMixin, View):
    permission = Perm.VIEW_PROGRAMS

    def get(self, request, pk):
        round = self.get_object()
        audit_record(actor=request.user, action=Action.EXPORT, obj=round, message=_("导出评分表"))
        title = _("%(unit)s考核评分表") % {"unit": round.unit.name}
        return xlsx_response(sheet_workbook(score_sheet(round)), dated_filename(title))


class RoundPrintView(RoundMixin, ScopedViewMixin, View):
    permission = Perm.VIEW_PROGRAMS

    def get(self, request, pk):
        round = self.get_object()
        context = {"object": round, "sheet": score_sheet(round, with_evidence=False)}
        return render(request, "evaluation/round_print.html", context)
