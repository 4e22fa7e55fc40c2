"""The reports generated (a Word or PDF file kept for whoever may see its unit) and the
office's replacement Word templates, one per kind; without one, the default shipped in
`gongzhi/documents/defaults/` is used."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.models import StoredFile
from gongzhi.core.querysets import Scope, ScopedQuerySet


class DocumentKind(models.TextChoices):
    SUMMARY = "summary", _("创建工作总结报告")
    ACCEPTANCE = "acceptance", _("验收报告")


class DocumentTemplate(StoredFile):
    """A Word template uploaded by the program office in place of the default."""

    upload_folder = "document-templates"

    kind = models.CharField(_("报告类型"), max_length=20, choices=DocumentKind.choices, unique=True)

    class Meta:
        verbose_name = _("报告模板")
        verbose_name_plural = _("报告模板")


class GeneratedDocumentQuerySet(ScopedQuerySet):
    scope = Scope(owner="unit__path")


class GeneratedDocument(StoredFile):
    """A report as generated: the community's, the street's, or the program's (its unit is
    then the program's region)."""

    upload_folder = "reports"

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="documents"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("报告类型"), max_length=20, choices=DocumentKind.choices)

    objects = GeneratedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("生成的报告")
        verbose_name_plural = _("生成的报告")
        ordering = ["-uploaded_at", "-pk"]

    def get_absolute_url(self):
        return reverse("documents:file", args=[self.pk])
