from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "gongzhi.community"
    verbose_name = "五社联动"

    def ready(self):
        from gongzhi.community import counters, jobs  # noqa: F401  (registers counters and jobs)
