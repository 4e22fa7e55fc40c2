"""Forms that save a draft or, with their 提交 button, save and submit in one step."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def submitting(request) -> bool:
    """The form's 提交 button (saves and submits in one step) rather than 保存草稿."""
    return "submit" in request.POST


def after_save(request, record):
    """Say what happened to the draft and go to the record."""
    messages.success(request, _("已提交。") if submitting(request) else _("已保存草稿。"))
    return redirect(record.get_absolute_url())
