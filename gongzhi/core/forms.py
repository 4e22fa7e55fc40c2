"""Form helpers: run a service and show its validation errors on the form; file fields."""

from django import forms
from django.core.exceptions import ValidationError

from gongzhi.core.excel import check_upload_size, check_xlsx
from gongzhi.core.uploads import ALLOWED


def run_service(form, call):
    """Call `call()`; on ValidationError attach the messages to the form fields and return None."""
    try:
        return call()
    except ValidationError as error:
        show_errors(form, error)
        return None


def show_errors(form, error: ValidationError) -> None:
    """Put a ValidationError's messages on the form's fields (or on the form as a whole)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": _accept()}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def _accept() -> str:
    return ",".join(f".{extension}" for extension in ALLOWED)


class XlsxFileField(forms.FileField):
    """An Excel upload, refused before it is stored or parsed: too large, not an xlsx, or a
    decompression bomb."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            check_upload_size(upload.size)
            check_xlsx(upload)
        return upload
