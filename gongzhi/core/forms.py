"""Form helpers: run a service and show its validation errors on the form."""

from django import forms
from django.core.exceptions import ValidationError

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


class ScopedModelForm(forms.ModelForm):
    """A ModelForm whose unit choices are the units the actor may keep records for.
    `unit_fields` maps a field name to the unit kinds it accepts (None: any kind)."""

    unit_fields: dict = {"unit": None}
    permission = None

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        from gongzhi.core.access import access_for
        from gongzhi.orgs.models import Unit

        units = Unit.objects.editable_by(actor, self.permission).filter(is_active=True)
        seats = [grant.unit_id for grant in access_for(actor).grants]
        for name, kinds in self.unit_fields.items():
            if name in self.fields:
                field = self.fields[name]
                field.queryset = units if kinds is None else units.filter(kind__in=kinds)
                field.label_from_instance = lambda unit: unit.indented_name
                if not self.is_bound and self.instance.pk is None and seats:
                    field.initial = field.initial or self._own_seat(field.queryset, seats)

    @staticmethod
    def _own_seat(queryset, seats):
        """Preselect the user's own unit when it is a valid choice (the usual case)."""
        return queryset.filter(pk__in=seats).values_list("pk", flat=True).first()


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
