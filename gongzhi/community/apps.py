from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "gongzhi.community"
    verbose_name = _("五社联动")

    def ready(self):
        from gongzhi.core.evidence import register_evidence_kind

        register_evidence_kind(
            "community.organization", _("社会组织"), "community.SocialOrganization"
        )
        register_evidence_kind("community.station", _("阵地站点"), "community.Station")

        from gongzhi.community import counters, jobs, work  # noqa: F401  (counters and jobs)

        work.register()  # the to-dos of the home page
