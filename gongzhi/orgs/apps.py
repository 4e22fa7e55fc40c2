from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "gongzhi.orgs"
    verbose_name = "组织机构"
