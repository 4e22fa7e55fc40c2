from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "gongzhi.activities"
    verbose_name = "活动与会议"

    def ready(self):
        from gongzhi.activities import counters  # noqa: F401  (registers the activity counters)
