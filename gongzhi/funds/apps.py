from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "gongzhi.funds"
    verbose_name = _("资金")

    def ready(self):
        from gongzhi.core.evidence import register_evidence_kind

        register_evidence_kind(
            "funds.entry", _("资金收支"), "funds.FundEntry", unit_lookup="project__buyer"
        )

        from gongzhi.funds import work

        work.register()  # the to-dos of the home page
