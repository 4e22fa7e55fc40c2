"""The audit log: who did what, when, from which unit and address, to what, before and after."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.core.querysets import Scope, ScopedQuerySet
from gongzhi.core.roles import Perm


class AuditImmutableError(Exception):
    """Audit entries are written once and never changed or removed by the application."""


class AuditQuerySet(ScopedQuerySet):
    # Entries about units in reach; entries tied to no unit (e.g. unknown log-in names) only for
    # account administrators.
    scope = Scope(owner="unit__path", unowned=Perm.MANAGE_USERS)

    def update(self, **kwargs):
        raise AuditImmutableError("audit entries cannot be changed")

    def delete(self):
        raise AuditImmutableError("audit entries cannot be deleted")


class AuditEntry(models.Model):
    """One audited event. Written by `gongzhi.core.audit.audit_record` only."""

    class Action(models.TextChoices):
        CREATE = "create", _("新增")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        TRANSITION = "transition", _("状态变更")
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOCKED_OUT = "locked_out", _("账号锁定")
        LOGOUT = "logout", _("退出登录")
        EXPORT = "export", _("导出")
        ACCESS_DENIED = "access_denied", _("拒绝访问")
        DOWNLOAD = "download", _("下载")
        VIEW_PERSONAL = "view_personal", _("查看个人信息")
        TOKEN_USE = "token_use", _("使用接口令牌")
        REVEAL = "reveal", _("查看完整信息")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人账号"), max_length=150, blank=True)
    actor_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("操作人单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    message = models.CharField(_("说明"), max_length=300, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action=""),
                name="audit_action_not_empty",
                violation_error_message=_("审计日志须注明操作。"),
            ),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditImmutableError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("audit entries cannot be deleted")

    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for each field that differs."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class Job(models.Model):
    """Long work (an export, an import, a report) run in the background with visible progress.
    Only its owner sees it."""

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("类型"), max_length=50)
    title = models.CharField(_("名称"), max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    params = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    result = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("core:job-detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return round(self.done * 100 / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


def _stored_file_path(instance, filename):
    """<folder>/<year>/<month>/<random>.<ext>: names never come from the uploader."""
    suffix = Path(filename).suffix.lower()
    return f"{instance.upload_folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class StoredFile(models.Model):
    """An uploaded file checked by its content (see `gongzhi.core.uploads.save_upload`), with a
    thumbnail for images. Concrete models name their `upload_folder` and what owns them."""

    upload_folder = "files"

    file = models.FileField(_("文件"), upload_to=_stored_file_path, max_length=200)
    thumbnail = models.FileField(upload_to=_stored_file_path, max_length=200, blank=True)
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Option(models.Model):
    """One value of a configurable list (activity types, station kinds…): its stored `code` and
    the `label` people see. Built-in values are the lists' defaults, created by the owning app's
    migrations; their labels are msgids shown through gettext. See `gongzhi.core.options`."""

    list_name = models.CharField(_("列表"), max_length=50)
    code = models.SlugField(_("代码"), max_length=20, allow_unicode=False)
    label = models.CharField(_("名称"), max_length=100)
    order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    is_builtin = models.BooleanField(_("内置"), default=False, editable=False)

    class Meta:
        verbose_name = _("可选值")
        verbose_name_plural = _("可选值")
        ordering = ["list_name", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["list_name", "code"], name="option_code_in_list"),
            models.UniqueConstraint(
                fields=["list_name", "label"],
                name="option_label_in_list",
                violation_error_message=_("该列表已有同名的值。"),
            ),
        ]

    def __str__(self):
        return self.label
