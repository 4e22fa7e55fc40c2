from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "gongzhi.surveys"
    verbose_name = _("问卷调查")

    def ready(self):
        from gongzhi.core.evidence import register_evidence_kind

        register_evidence_kind("surveys.survey", _("问卷调查"), "surveys.Survey")

        from gongzhi.surveys import counters  # noqa: F401  (registers the counters)
