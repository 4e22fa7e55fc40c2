from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from gongzhi.orgs.models import Unit, WorkingGroup, WorkingGroupMember


@admin.register(Unit)
class UnitAdmin(TreeAdmin):
    form = movenodeform_factory(Unit)
    list_display = ["name", "kind", "is_active"]
    search_fields = ["name"]


class MemberInline(admin.TabularInline):
    model = WorkingGroupMember
    extra = 0


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    inlines = [MemberInline]
