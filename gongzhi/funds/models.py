"""Money for purchased services: the budget of a project by source and item, the allocations
and disbursements 市财政局 records (with vouchers) and the spending the buyer records (with
invoices). Every amount is in 元 with two places, never a float; the rules that keep
spent ≤ disbursed ≤ allocated ≤ budget live in `gongzhi.funds.rules`.

Money follows its project: kept by the buyer unit, read by the agency and region-wide by the
finance bureau and the program office."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.models import StoredFile
from gongzhi.core.options import OptionField, register_list
from gongzhi.core.querysets import Scope, ScopedQuerySet
from gongzhi.core.validators import DATE_BOUNDS


class FundSource(models.TextChoices):
    PROVINCE = "province", _("省级补助")
    CITY = "city", _("市级配套")
    DEPARTMENT = "department", _("部门资金")
    STREET = "street", _("街道资金")
    CHARITY = "charity", _("社会/慈善资金")


# Built-in values; a county adds its own on /settings/lists/ (gongzhi.core.options).
register_list("fund_source", _("资金来源"), FundSource.choices)


def money(verbose_name):
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2)


def positive(name: str, message) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(amount__gt=0), name=name, violation_error_message=message
    )


class ProjectMoneyQuerySet(ScopedQuerySet):
    scope = Scope(via="project")


class BudgetLine(models.Model):
    """One item of a project's budget, paid from one source."""

    project = models.ForeignKey(
        "services.ServiceProject",
        verbose_name=_("服务项目"),
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    source = OptionField(_("资金来源"), list_name="fund_source")
    item = models.CharField(_("预算科目"), max_length=100)
    amount = money(_("预算金额（元）"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectMoneyQuerySet.as_manager()

    class Meta:
        verbose_name = _("预算明细")
        verbose_name_plural = _("预算明细")
        ordering = ["project", "source", "pk"]
        constraints = [positive("budget_amount_positive", _("预算金额须大于零。"))]

    def __str__(self):
        return f"{self.get_source_display()} · {self.item}"

    def get_absolute_url(self):
        return reverse("funds:project", args=[self.project_id])

    @property
    def unit(self):
        return self.project.buyer


class FundEntry(models.Model):
    """One movement of a source's money for a project: allocated to it, disbursed to the
    holder (by 市财政局, with a voucher) or spent by the holder (with an invoice).

    A recorded entry is never changed: a mistake is corrected by a reversing entry (红字冲销)
    of the same kind and source, with a negative amount, linked to the entry it reverses and
    saying why; sums then add up on their own."""

    class Kind(models.TextChoices):
        ALLOCATION = "allocation", _("分配")
        DISBURSEMENT = "disbursement", _("拨付")
        SPENDING = "spending", _("支出")

    project = models.ForeignKey(
        "services.ServiceProject",
        verbose_name=_("服务项目"),
        on_delete=models.PROTECT,
        related_name="fund_entries",
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, db_index=True)
    source = OptionField(_("资金来源"), list_name="fund_source")
    amount = money(_("金额（元）"))
    date = models.DateField(_("日期"), validators=DATE_BOUNDS)
    note = models.CharField(_("摘要"), max_length=200, blank=True)
    override_reason = models.CharField(
        _("超额说明"),
        max_length=300,
        blank=True,
        help_text=_("超出上一环节金额时必须说明理由，并记入审计日志"),
    )
    reverses = models.ForeignKey(
        "self",
        verbose_name=_("冲销的记录"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversals",
    )
    reason = models.CharField(_("冲销原因"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectMoneyQuerySet.as_manager()

    class Meta:
        verbose_name = _("资金记录")
        verbose_name_plural = _("资金记录")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["project", "kind"], name="fund_entry_project_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0, reverses__isnull=True)
                | Q(amount__lt=0, reverses__isnull=False),
                name="fund_entry_amount_sign",
                violation_error_message=_("金额须大于零（冲销记录为负数）。"),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} 元"

    def get_absolute_url(self):
        return reverse("funds:project", args=[self.project_id])

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None

    @property
    def unit(self):
        return self.project.buyer


class EntryFileQuerySet(ScopedQuerySet):
    scope = Scope(via="entry")


class EntryFile(StoredFile):
    """The voucher of a disbursement or the invoice of a spending."""

    upload_folder = "funds"

    entry = models.ForeignKey(FundEntry, on_delete=models.CASCADE, related_name="files")

    objects = EntryFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("资金凭证")
        verbose_name_plural = _("资金凭证")
        ordering = ["entry", "pk"]

    @property
    def unit(self):
        return self.entry.project.buyer
