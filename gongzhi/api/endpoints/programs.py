"""Programs (read), tasks and pilot work items with their targets against actuals."""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from gongzhi.api.docs import bilingual
from gongzhi.api.registry import module, register
from gongzhi.api.serializers import display, read_serializer
from gongzhi.api.views import ReadOnlyScopedViewSet
from gongzhi.core.roles import Perm
from gongzhi.programs.models import Assignment, Program, Target, Task
from gongzhi.progress.ledger import target_rows

MODULE = module("programs", _("项目与任务"))

ProgramSerializer = read_serializer(
    Program, ["id", "code", "name", "year", "region", "office_unit", "issued", "version"]
)
AssignmentSerializer = read_serializer(
    Assignment, ["unit", "role", "role_label"], extra={"role_label": display("get_role_display")}
)


class TargetSerializer(serializers.ModelSerializer):
    """A target with its actual: counted from records, else the latest approved report's."""

    actual = serializers.SerializerMethodField()
    counted = serializers.SerializerMethodField()
    met = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = ["id", "task", "name", "comparator", "value", "measure", "counter"]
        fields += ["actual", "counted", "met"]
        read_only_fields = fields

    def _row(self, target):
        return self.context["target_rows"][target.pk]

    def get_actual(self, target) -> str | None:
        actual = self._row(target).actual
        return None if actual is None else f"{actual:.2f}"

    def get_counted(self, target) -> bool:
        return self._row(target).counted

    def get_met(self, target) -> bool | None:
        return self._row(target).met


class TaskSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    kind_label = display("get_kind_display")
    community = serializers.IntegerField(
        source="pilot.community_id", default=None, read_only=True, allow_null=True
    )
    assignments = AssignmentSerializer(many=True, read_only=True)
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = Task
        fields = ["id", "program", "kind", "kind_label", "label", "number", "text", "category"]
        fields += ["due", "community", "assignments", "targets"]
        read_only_fields = fields


class TaskFilter(django_filters.FilterSet):
    program = django_filters.NumberFilter(label=_("项目"))
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=Task.Kind.choices)
    unit = django_filters.NumberFilter(label=_("责任单位"), field_name="assignments__unit")
    community = django_filters.NumberFilter(label=_("社区"), field_name="pilot__community")

    class Meta:
        model = Task
        fields = ["program", "kind", "unit", "community"]


class WithActuals:
    """Targets' actuals are read for the whole page at once (a constant number of queries)."""

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self.actuals_of(page if page is not None else queryset)
        return page

    def get_object(self):
        obj = super().get_object()
        self.actuals_of([obj])
        return obj

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "target_rows": getattr(self, "_rows", {})}

    def actuals_of(self, objects):
        targets = [target for obj in objects for target in self.targets_of(obj)]
        self._rows = {row.target.pk: row for row in target_rows(targets)}


TARGETS = Prefetch("targets", Target.objects.select_related("task__program"))


@extend_schema_view(
    list=extend_schema(**bilingual("项目列表", "Programs")),
    retrieve=extend_schema(**bilingual("项目详情", "One program")),
)
class ProgramViewSet(ReadOnlyScopedViewSet):
    model = Program
    permission = Perm.VIEW_PROGRAMS
    module = MODULE
    serializer_class = ProgramSerializer


@extend_schema_view(
    list=extend_schema(
        **bilingual(
            "任务列表，含责任单位和指标实际值",
            "Tasks with their responsible units and targets against actuals",
        )
    ),
    retrieve=extend_schema(**bilingual("任务详情", "One task")),
)
class TaskViewSet(WithActuals, ReadOnlyScopedViewSet):
    model = Task
    permission = Perm.VIEW_PROGRAMS
    module = MODULE
    serializer_class = TaskSerializer
    filterset_class = TaskFilter

    def narrow_queryset(self, queryset):
        return queryset.select_related("program", "pilot__community").prefetch_related(
            "assignments", TARGETS
        )

    @staticmethod
    def targets_of(task):
        return task.targets.all()


@extend_schema_view(
    list=extend_schema(
        **bilingual(
            "特色社区建设任务，含指标实际值（按社区筛选：community）",
            "Pilot communities' work items with targets against actuals (filter: community)",
        )
    ),
    retrieve=extend_schema(**bilingual("建设任务详情", "One work item")),
)
class ItemViewSet(TaskViewSet):
    def narrow_queryset(self, queryset):
        return super().narrow_queryset(queryset.filter(kind=Task.Kind.PILOT_ITEM))


@extend_schema_view(
    list=extend_schema(**bilingual("指标及实际值", "Targets against their actuals")),
    retrieve=extend_schema(**bilingual("指标详情", "One target")),
)
class TargetViewSet(WithActuals, ReadOnlyScopedViewSet):
    model = Target
    permission = Perm.VIEW_PROGRAMS
    module = MODULE
    serializer_class = TargetSerializer

    def narrow_queryset(self, queryset):
        return queryset.select_related("task__program")

    @staticmethod
    def targets_of(target):
        return [target]


register("programs", ProgramViewSet)
register("tasks", TaskViewSet)
register("items", ItemViewSet)
register("targets", TargetViewSet)
