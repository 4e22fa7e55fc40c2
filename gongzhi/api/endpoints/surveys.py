"""Surveys and their statistics (rates with a 95 % interval, by community)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from gongzhi.api.docs import bilingual
from gongzhi.api.registry import module
from gongzhi.api.views import ReadOnlyScopedViewSet, read_only_endpoint
from gongzhi.core.roles import Perm
from gongzhi.surveys.models import Survey
from gongzhi.surveys.stats import survey_statistics

MODULE = module("surveys", _("问卷统计"))


class RateSerializer(serializers.Serializer):
    positive = serializers.IntegerField()
    total = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)
    interval = serializers.ListField(child=serializers.FloatField(), allow_null=True)


class OptionCountSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)


class QuestionStatsSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question.pk")
    text = serializers.CharField(source="question.text")
    answered = serializers.IntegerField()
    options = OptionCountSerializer(many=True)
    mean = serializers.FloatField(allow_null=True)
    rate = RateSerializer(allow_null=True)
    by_place = serializers.SerializerMethodField()

    def get_by_place(self, stats) -> dict[str, dict]:
        return {name: RateSerializer(rate).data for name, rate in stats.by_place.items()}


class SurveyBase(ReadOnlyScopedViewSet):
    @extend_schema(
        responses=QuestionStatsSerializer(many=True),
        **bilingual(
            "问卷统计：每题作答数、选项占比、平均分、比率及 95% 置信区间、分社区比率",
            "Survey statistics: per question answers, option shares, mean, rate with its 95% "
            "interval, rate by community",
        ),
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def statistics(self, request, pk=None):
        stats = survey_statistics(self.get_object())
        return Response(QuestionStatsSerializer(stats, many=True).data)


read_only_endpoint(
    "surveys",
    Survey,
    module=MODULE,
    permission=Perm.MANAGE_SURVEYS,
    english="Surveys",
    base=SurveyBase,
)
