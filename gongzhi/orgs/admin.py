from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from gongzhi.orgs.models import Unit, UnitStatistics, WorkingGroup, WorkingGroupMember


@admin.register(Unit)
class UnitAdmin(TreeAdmin):
    form = movenodeform_factory(Unit)
    list_display = ["name", "kind", "code", "is_active"]
    search_fields = ["name", "code"]


class MemberInline(admin.TabularInline):
    model = WorkingGroupMember
    extra = 0


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    inlines = [MemberInline]


@admin.register(UnitStatistics)
class UnitStatisticsAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "residents", "households", "area_km2"]
    list_select_related = ["unit"]
