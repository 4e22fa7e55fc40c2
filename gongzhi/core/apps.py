from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongzhi.core"
    verbose_name = "核心"
