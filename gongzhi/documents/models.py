"""The office's replacement Word templates, one per document kind; without one the default
shipped in `gongzhi/documents/defaults/` is used."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    SUMMARY = "summary", _("创建工作总结报告")
    ACCEPTANCE = "acceptance", _("验收报告")


class DocumentTemplate(models.Model):
    """A Word template uploaded by the program office in place of the default."""

    kind = models.CharField(_("报告类型"), max_length=20, choices=DocumentKind.choices, unique=True)
    file = models.FileField(upload_to="document-templates/%Y/")
    thumbnail = models.FileField(blank=True)  # never set: stored files share one serving helper
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now=True)

    class Meta:
        verbose_name = _("报告模板")
        verbose_name_plural = _("报告模板")

    def __str__(self):
        return f"{self.get_kind_display()}：{self.name}"
