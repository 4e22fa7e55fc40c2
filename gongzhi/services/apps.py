from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "gongzhi.services"
    verbose_name = _("政府购买服务")

    def ready(self):
        from gongzhi.core.evidence import register_evidence_kind

        register_evidence_kind(
            "services.project", _("服务项目"), "services.ServiceProject", unit_lookup="buyer"
        )

        from gongzhi.services import counters, work  # noqa: F401  (registers the counters)

        work.register()  # the to-dos of the home page
