from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Loading the demo: the Guanghan 2024 program and one account per role. The top layer."""

    name = "gongzhi.demo"
    verbose_name = "演示数据"
