from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core.excel import check_upload_size
from gongzhi.core.kinds import COMMUNITY_KINDS, STREET_KINDS, UnitKind
from gongzhi.orgs.models import Unit


class TableUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("评分表（Excel .xlsx）"),
        help_text=gettext_lazy("格式同“导出 Excel”：评分表、设置、等级、说明四个工作表。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload_size(upload.size)
        return upload


class RoundForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("被评单位"), queryset=Unit.objects.none())
    third_party = forms.ModelChoiceField(
        label=gettext_lazy("第三方机构"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        inside = Unit.objects.filter(path__startswith=program.region.path)
        self.fields["unit"].queryset = inside.filter(
            kind__in=[*COMMUNITY_KINDS, *STREET_KINDS]
        ).order_by("path")
        self.fields["third_party"].queryset = inside.filter(kind=UnitKind.THIRD_PARTY)


def score_entries(data, item_ids) -> dict:
    """{item id: (points or None, reason)} from the scoring sheet's fields `points_<id>` and
    `reason_<id>`; a value that is no number is refused naming the item's row."""
    entries, problems = {}, []
    for item_id, label in item_ids:
        raw = (data.get(f"points_{item_id}") or "").strip()
        if f"points_{item_id}" not in data:
            continue
        try:
            points = Decimal(raw).quantize(Decimal("0.01")) if raw else None
        except InvalidOperation:
            problems.append(_("%(item)s：“%(value)s”不是数字。") % {"item": label, "value": raw})
            continue
        entries[item_id] = (points, data.get(f"reason_{item_id}", ""))
    if problems:
        raise ValidationError(problems)
    return entries


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", gettext_lazy("通过")), ("return", gettext_lazy("退回"))]
    )
    comment = forms.CharField(required=False)
