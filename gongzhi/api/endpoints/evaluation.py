"""Assessment: the scoring tables (categories and items), the rounds with their final total and
grade, and a round's score sheet (every stage's scores, reasons and totals), read-only."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from gongzhi.api.docs import bilingual
from gongzhi.api.registry import module
from gongzhi.api.serializers import display, exposed_fields, read_serializer
from gongzhi.api.views import ReadOnlyScopedViewSet, read_only_endpoint
from gongzhi.core.roles import Perm
from gongzhi.evaluation.models import Category, Item, Round, ScoringTable
from gongzhi.evaluation.sheet import score_sheet

MODULE = module("evaluation", _("考核评估"))

ItemSerializer = read_serializer(
    Item,
    exposed_fields(Item, ("category",)) + ["kind_label"],
    extra={"kind_label": display("get_kind_display")},
)
CategorySerializer = read_serializer(
    Category,
    ["id", "order", "name", "items"],
    extra={"items": ItemSerializer(many=True, read_only=True)},
)


class TotalsSerializer(serializers.Serializer):
    basic = serializers.DecimalField(8, 2)
    bonus = serializers.DecimalField(8, 2)
    total = serializers.DecimalField(8, 2)
    maximum = serializers.DecimalField(8, 2)
    vetoed = serializers.BooleanField()
    grade = serializers.CharField()
    unscored = serializers.IntegerField(help_text=_("未评分的基础项数"))


def _by_stage(child):
    return serializers.DictField(child=child, help_text=_("按评分环节：self、street、third、final"))


class SheetRowSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item_id")
    category = serializers.CharField()
    code = serializers.CharField()
    name = serializers.CharField(source="item")
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    method = serializers.CharField()
    criteria = serializers.CharField()
    points = serializers.DecimalField(8, 2)
    prefill = serializers.DecimalField(8, 2, allow_null=True)
    prefill_basis = serializers.CharField()
    scores = _by_stage(serializers.DecimalField(8, 2, allow_null=True))
    reasons = _by_stage(serializers.CharField(allow_blank=True))
    evidence = serializers.SerializerMethodField()

    def get_evidence(self, row) -> list[str]:
        return [link.label for link in row.evidence]


class StageTotalsSerializer(serializers.Serializer):
    """Each stage's totals, from its scores: self, street, third party, final."""

    self = TotalsSerializer(source="totals.self")
    street = TotalsSerializer(source="totals.street")
    third = TotalsSerializer(source="totals.third")
    final = TotalsSerializer(source="totals.final")


class ScoreSheetSerializer(serializers.Serializer):
    round = serializers.IntegerField(source="round.pk")
    rows = SheetRowSerializer(many=True)
    totals = StageTotalsSerializer(source="*")


class RoundBase(ReadOnlyScopedViewSet):
    @extend_schema(
        responses=ScoreSheetSerializer,
        **bilingual(
            "评分表（逐项各环节得分与理由、各环节总分与等级）",
            "Score sheet: every item's score and reason at each stage, each stage's totals "
            "and grade",
        ),
    )
    @action(detail=True, methods=["get"], url_path="sheet", pagination_class=None)
    def sheet(self, request, pk=None):
        return Response(ScoreSheetSerializer(score_sheet(self.get_object())).data)


read_only_endpoint(
    "scoring-tables",
    ScoringTable,
    module=MODULE,
    permission=Perm.VIEW_PROGRAMS,
    english="Scoring tables with their categories and items",
    prefetch=("categories__items",),
    extra={"categories": CategorySerializer(many=True, read_only=True)},
)
read_only_endpoint(
    "rounds",
    Round,
    module=MODULE,
    permission=Perm.VIEW_PROGRAMS,
    english="Assessment rounds with their final total and grade",
    extra={"state_label": display("get_state_display")},
    base=RoundBase,
)
