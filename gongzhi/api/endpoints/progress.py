"""Progress reports: read, create (with evidence files, optionally submitted at once), and the
review steps as POST actions calling the same services as the pages."""

import json

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.plumbing import build_basic_type, build_object_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from gongzhi.api.docs import bilingual
from gongzhi.api.registry import module, register
from gongzhi.api.serializers import display, read_serializer
from gongzhi.api.views import ScopedViewSet
from gongzhi.core.roles import Perm
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Task
from gongzhi.progress import services
from gongzhi.progress.chain import may_edit, may_review
from gongzhi.progress.models import Evidence, Report, ReviewEvent, TargetActual

MODULE = module("progress", _("进度上报与审核"))

ActualSerializer = read_serializer(TargetActual, ["target", "value"])
EventSerializer = read_serializer(
    ReviewEvent,
    ["action", "action_label", "actor_unit", "stage", "comment", "at"],
    extra={"action_label": display("get_action_display")},
)


class EvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "name", "content_type", "size", "is_public", "url"]
        read_only_fields = fields

    def get_url(self, evidence) -> str:
        """The audited download page (signed-in browser session)."""
        return reverse("progress:evidence-file", args=[evidence.pk])


class ReportSerializer(serializers.ModelSerializer):
    state_label = display("get_state_display")
    actuals = ActualSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta:
        model = Report
        fields = ["id", "task", "unit", "text", "claims_completion", "state", "state_label"]
        fields += ["stage", "created_at", "submitted_at", "approved_at", "actuals", "evidence"]
        fields += ["events"]
        read_only_fields = fields


@extend_schema_field(build_object_type(additionalProperties=build_basic_type(OpenApiTypes.DECIMAL)))
class ActualsField(serializers.Field):
    """{target id: value} as a JSON object, or as a JSON string in a multipart form."""

    default_error_messages = {"invalid": _("应为 {指标编号: 实际值} 形式的 JSON 对象。")}

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                self.fail("invalid")
        if not isinstance(data, dict):
            self.fail("invalid")
        value = serializers.DictField(child=serializers.DecimalField(12, 2, min_value=0))
        try:
            return {int(key): amount for key, amount in value.run_validation(data).items()}
        except ValueError:
            self.fail("invalid")


class ReportCreateSerializer(serializers.Serializer):
    task = serializers.IntegerField(help_text=_("任务编号"))
    unit = serializers.IntegerField(help_text=_("上报单位（本人所在的责任单位）"))
    text = serializers.CharField(max_length=20000, help_text=_("进展情况"))
    claims_completion = serializers.BooleanField(default=False)
    actuals = ActualsField(required=False, help_text=_("手工填写的指标实际值"))
    files = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=30, help_text=_("佐证材料")
    )
    submit = serializers.BooleanField(default=False, help_text=_("保存后立即提交审核"))


class ReviewSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ReportFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("状态"), choices=Report.State.choices)
    task = django_filters.NumberFilter(label=_("任务"))
    unit = django_filters.NumberFilter(label=_("上报单位"))

    class Meta:
        model = Report
        fields = ["state", "task", "unit"]


@extend_schema_view(
    list=extend_schema(**bilingual("进度上报列表", "Progress reports")),
    retrieve=extend_schema(
        **bilingual("上报详情：实际值、佐证材料、审核记录", "A report: actuals, evidence, review")
    ),
)
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    model = Report
    permission = Perm.VIEW_PROGRAMS
    module = MODULE
    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def narrow_queryset(self, queryset):
        return queryset.select_related("task__program").prefetch_related(
            "actuals", "evidence", "events"
        )

    @extend_schema(
        request={"multipart/form-data": ReportCreateSerializer},
        responses={201: ReportSerializer},
        **bilingual(
            "新建上报（可附佐证材料，submit=true 时同时提交审核）",
            "Start a report (with evidence files; submit=true sends it for review at once)",
        ),
    )
    def create(self, request):
        data = self._valid(ReportCreateSerializer)
        task = Task.objects.visible_to(request.user).filter(pk=data["task"]).first()
        unit = Unit.objects.filter(pk=data["unit"]).first()
        if task is None:
            raise serializers.ValidationError({"task": _("任务不存在或不在您的权限范围内。")})
        if unit is None:
            raise serializers.ValidationError({"unit": _("单位不存在。")})
        report = services.report_create(
            actor=request.user,
            task=task,
            unit=unit,
            text=data["text"],
            claims_completion=data["claims_completion"],
            actuals=data.get("actuals", {}),
            files=data.get("files", []),
            submit=data["submit"],
        )
        return self._answer(report, status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses=ReportSerializer,
        **bilingual("提交审核（草稿或已退回的上报）", "Submit a draft or returned report"),
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self._acting_on(may_edit)
        return self._answer(services.report_submit(actor=request.user, report=report))

    @extend_schema(
        request=ReviewSerializer,
        responses=ReportSerializer,
        **bilingual("审核通过（当前审核环节）", "Approve at the current review stage"),
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        report = self._acting_on(may_review)
        comment = self._valid(ReviewSerializer).get("comment", "")
        return self._answer(
            services.report_approve(actor=request.user, report=report, comment=comment)
        )

    @extend_schema(
        request=ReviewSerializer,
        responses=ReportSerializer,
        **bilingual("退回（须写明原因）", "Send back to the unit (a comment is required)"),
    )
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        report = self._acting_on(may_review)
        comment = self._valid(ReviewSerializer).get("comment", "")
        return self._answer(
            services.report_return(actor=request.user, report=report, comment=comment)
        )

    def _valid(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _acting_on(self, rule):
        report = self.get_object()
        if not rule(self.request.user, report):
            raise PermissionDenied
        return report

    def _answer(self, report, code=status.HTTP_200_OK):
        fresh = self.narrow_queryset(Report.objects.filter(pk=report.pk)).get()
        return Response(self.get_serializer(fresh).data, status=code)


register("reports", ReportViewSet)
