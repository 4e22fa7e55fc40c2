from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "gongzhi.activities"
    verbose_name = _("活动与会议")

    def ready(self):
        from gongzhi.core.evidence import register_evidence_kind

        register_evidence_kind("activities.activity", _("活动会议"), "activities.Activity")

        from gongzhi.activities import counters, jobs, work  # noqa: F401  (counters and jobs)

        work.register()  # the to-dos of the home page
