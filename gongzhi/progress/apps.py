from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "gongzhi.progress"
    verbose_name = "进度与审核"

    def ready(self):
        from gongzhi.progress import counters, jobs  # noqa: F401  (registers counters and jobs)
