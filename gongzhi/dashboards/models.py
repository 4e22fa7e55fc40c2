"""Summaries the cockpit and the public progress page read instead of counting every task.

They are a cache of the ledger, rebuilt from it by `gongzhi.dashboards.summaries` (in the
background after each change, and by `manage.py refresh_summaries`); nobody edits them.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core.validators import DATE_BOUNDS


class SummaryState(models.Model):
    """When a program's summaries were last built, and whether a change waits for a rebuild."""

    program = models.OneToOneField(
        "programs.Program", on_delete=models.CASCADE, related_name="summary_state"
    )
    # to be rebuilt whole: never built with task shares, or a change that touches many tasks
    # at once (a phase, a pilot, a strand); a change to one task is a SummaryChange instead
    dirty = models.BooleanField(_("待更新"), default=True)
    as_of = models.DateField(_("统计日"), null=True, blank=True, validators=DATE_BOUNDS)
    built_at = models.DateTimeField(_("更新时间"), null=True, blank=True)
    tasks = models.PositiveIntegerField(_("任务数"), default=0)

    class Meta:
        verbose_name = _("汇总状态")
        verbose_name_plural = _("汇总状态")

    def __str__(self):
        return f"{self.program_id} {self.built_at}"


class ProgramSummary(models.Model):
    """The cockpit's figures over the tasks a unit's subtree takes part in (every task of the
    program when `unit` is empty), and the unit's own lead and co-run tasks."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="summaries"
    )
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    path = models.CharField(_("单位路径"), max_length=255, blank=True)  # the unit's, kept to sort
    own_tasks = models.PositiveIntegerField(_("本单位牵头与配合任务数"), default=0)
    figures = models.JSONField(_("数字"), default=dict)

    class Meta:
        verbose_name = _("项目汇总")
        verbose_name_plural = _("项目汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "unit"],
                condition=Q(unit__isnull=False),
                name="summary_per_program_unit",
                violation_error_message=_("该项目已有该单位的汇总。"),
            ),
            models.UniqueConstraint(
                fields=["program"],
                condition=Q(unit__isnull=True),
                name="summary_per_program",
                violation_error_message=_("该项目已有全项目的汇总。"),
            ),
        ]
        indexes = [models.Index(fields=["program", "path"], name="summary_program_path")]

    def __str__(self):
        return f"{self.program_id} {self.unit_id}"


class TargetFigure(models.Model):
    """A target's actual value as last counted (or approved), and whether it is met."""

    target = models.OneToOneField(
        "programs.Target", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    actual = models.DecimalField(_("实际"), max_digits=14, decimal_places=2, null=True, blank=True)
    counted = models.BooleanField(_("自动统计"), default=False)
    met = models.BooleanField(_("达标"), null=True, blank=True)

    class Meta:
        verbose_name = _("指标实际值")
        verbose_name_plural = _("指标实际值")

    def __str__(self):
        return f"{self.target_id} {self.actual}"


class TaskShare(models.Model):
    """What one task adds to its program's summaries as last built: the summary rows it counts
    in (`keys`: unit paths, "" for the whole program), its own lead/co units, and its facts.
    Kept so a changed task's old share can be taken out of those rows and its new one put in,
    without reading the rest of the program. No key to the task: a deleted task's share must
    still be taken out."""

    task_id = models.PositiveIntegerField(_("任务"), primary_key=True)
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    due = models.DateField(_("完成时限"), validators=DATE_BOUNDS)
    listed = models.CharField(_("列入"), max_length=10, blank=True)  # "overdue", "due_soon" or ""
    keys = models.JSONField(_("汇总行"), default=list)
    own = models.JSONField(_("本单位牵头与配合"), default=list)
    facts = models.JSONField(_("数字"), default=dict)

    class Meta:
        verbose_name = _("任务汇总份额")
        verbose_name_plural = _("任务汇总份额")
        indexes = [
            models.Index(fields=["program", "listed", "due", "task_id"], name="share_listed")
        ]

    def __str__(self):
        return f"{self.program_id} {self.task_id}"


class SummaryChange(models.Model):
    """A task whose share of the summaries may have changed (a report, an assignment, a target
    or an actual of it was saved or deleted), waiting for the worker. One row per change, so a
    change committed while the worker reads is never taken for one it has applied."""

    task_id = models.PositiveIntegerField(_("任务"), db_index=True)

    class Meta:
        verbose_name = _("待更新任务")
        verbose_name_plural = _("待更新任务")

    def __str__(self):
        return str(self.task_id)
