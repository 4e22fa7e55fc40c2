from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "gongzhi.community"
    verbose_name = _("五社联动")

    def ready(self):
        from gongzhi.community import counters, jobs, work  # noqa: F401  (counters and jobs)

        work.register()  # the to-dos of the home page
