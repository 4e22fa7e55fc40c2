from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "gongzhi.programs"
    verbose_name = "项目台账"

    def ready(self):
        from gongzhi.programs import counters  # noqa: F401  (registers the program counters)
