"""Model fields for personal data: stored encrypted, found through a blind index, read back as a
PersonalValue that prints masked. Phones and ID numbers are normalised and checked here, so forms,
Excel imports and the API all get the same rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import gettext_lazy as _

from gongzhi.core.crypto import blind_index, decrypt, encrypt
from gongzhi.core.masking import mask
from gongzhi.core.normalize import check_id_number, check_phone, fold, strip_text
from gongzhi.core.personal import PersonalValue, reveal
from gongzhi.core.validators import visible_name


class _Pending:
    """A blind index not worked out yet (see BlindIndexAttribute)."""

    def __reduce__(self):
        return "PENDING"  # unpickles as this module's PENDING


PENDING = _Pending()


class PersonalAttribute(DeferredAttribute):
    """Whatever is assigned (a str from a form, a file or code) is kept as a PersonalValue, and
    the blind indexes of the field follow it: worked out from it when first read (uniqueness
    is validated before saving), replaced by the stored index when the row is read from the
    database, and never worked out for rows only shown or exported."""

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = self.field.wrap(value)
        for index in self.field.blind_indexes():
            instance.__dict__[index.attname] = PENDING


class BlindIndexAttribute(DeferredAttribute):
    """A blind index reads as its source's keyed hash once the source has been assigned. A data
    descriptor (it has `__set__`), so that reading goes through `__get__` even when the
    instance holds a value."""

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        if instance.__dict__.get(self.field.attname) is PENDING:
            source = instance.__dict__[self.field.model._meta.get_field(self.field.source).attname]
            instance.__dict__[self.field.attname] = blind_index(source) if source else ""
        return super().__get__(instance, cls)


class PersonalFormField(forms.CharField):
    """A text input that shows the stored value masked; posting the masked text back means
    “unchanged” (see EncryptedTextField.save_form_data)."""

    widget = forms.TextInput

    def prepare_value(self, value):
        return str(value) if isinstance(value, PersonalValue) else value

    def has_changed(self, initial, data):
        return str(initial or "") != (data or "").strip()


class EncryptedTextField(models.TextField):
    """Personal text: AES-GCM ciphertext in the database, a PersonalValue in Python. Cannot be
    filtered on: give the model a BlindIndexField for exact lookups."""

    descriptor_class = PersonalAttribute
    kind = "id_number"  # masked keeping both ends; subclasses name their own kind
    input_attrs: dict = {"autocomplete": "off"}  # of the single-line input forms show

    def normalise(self, text: str) -> str:
        return text

    def blind_indexes(self) -> list:
        """The BlindIndexFields of the model computed from this field."""
        if not hasattr(self, "_blind_indexes"):
            self._blind_indexes = [
                field
                for field in self.model._meta.concrete_fields
                if isinstance(field, BlindIndexField) and field.source == self.name
            ]
        return self._blind_indexes

    def check_value(self, text: str) -> None:
        """Refuse a malformed value with a message naming the field (subclasses)."""

    def wrap(self, value):
        if value is None or (isinstance(value, PersonalValue) and value.kind == self.kind):
            return value
        return PersonalValue(self.normalise(reveal(value)), self.kind)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return self.wrap(decrypt(value) if value else "")

    def to_python(self, value):
        return self.wrap(value)

    def get_prep_value(self, value):
        if value is None:
            return None
        text = self.wrap(value).reveal()  # normalised once, when it was wrapped
        return encrypt(text) if text else text

    def validate(self, value, model_instance):
        super().validate(None if value is None else reveal(value), model_instance)
        if value:
            self.check_value(reveal(value))

    def value_to_string(self, obj):
        # serialised copies (dumpdata, fixtures) hold the masked form: back up the database
        return str(self.value_from_object(obj) or "")

    def save_form_data(self, instance, data):
        current = getattr(instance, self.attname)
        if current and reveal(data).strip() == str(current):
            return  # the masked value shown on the form came back: keep the stored one
        setattr(instance, self.attname, data)

    def formfield(self, **kwargs):
        # One line, whatever asks for the form field: a TextField would get a tall textarea
        # (the admin passes one for every TextField), and a phone or ID number is a single line.
        widget = kwargs.pop("widget", None)
        textarea = isinstance(widget, forms.Textarea) or (
            isinstance(widget, type) and issubclass(widget, forms.Textarea)
        )
        if widget is None or textarea:
            widget = forms.TextInput(attrs=dict(self.input_attrs))
        return super().formfield(**{"form_class": PersonalFormField, "widget": widget, **kwargs})


def shown_input(field, text) -> str:
    """How raw input for `field` (say an import file's cell) may appear in a message or log:
    masked when the field holds personal data, as it is otherwise."""
    if isinstance(field, EncryptedTextField):
        return mask(field.kind, field.normalise(reveal(text)))
    return "" if text is None else str(text)


class PhoneField(EncryptedTextField):
    """A mainland mobile number (or, with `landline=True`, also a landline with area code)."""

    kind = "phone"
    input_attrs = {"type": "tel", "inputmode": "tel", "autocomplete": "off"}  # the number pad

    def __init__(self, *args, landline: bool = False, **kwargs):
        self.landline = landline
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.landline:
            kwargs["landline"] = True
        return name, path, args, kwargs

    def normalise(self, text: str) -> str:
        return fold(text)

    def check_value(self, text: str) -> None:
        check_phone(text, label=self.verbose_name, landline=self.landline)


class IdNumberField(EncryptedTextField):
    """A resident ID number (18 characters, GB 11643-1999 check character)."""

    kind = "id_number"
    input_attrs = {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}

    def normalise(self, text: str) -> str:
        return fold(text)

    def check_value(self, text: str) -> None:
        check_id_number(text, label=self.verbose_name)


class SensitiveTextField(EncryptedTextField):
    """A sensitive personal fact (民族, 残疾情况…: PIPL art. 28): encrypted, shown as *** until
    revealed, never indexed (nobody looks a row up by it)."""

    kind = "sensitive"

    def __init__(self, *args, max_chars: int = 100, **kwargs):
        self.max_chars = max_chars
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.max_chars != 100:
            kwargs["max_chars"] = self.max_chars
        return name, path, args, kwargs

    def normalise(self, text: str) -> str:
        return strip_text(text)

    def check_value(self, text: str) -> None:
        if len(text) > self.max_chars:
            raise ValidationError(
                _("%(field)s最多 %(max)s 个字。")
                % {"field": self.verbose_name, "max": self.max_chars},
                code="max_length",
            )


class PersonNameField(EncryptedTextField):
    """A private person's name (e.g. a resident raising a need): encrypted, shown as 张**."""

    kind = "name"

    def normalise(self, text: str) -> str:
        return strip_text(text)


class NameField(models.CharField):
    """A person's or record's name: trimmed of spaces and invisible characters at both ends,
    and refused when nothing visible is left."""

    default_validators = [visible_name]

    def to_python(self, value):
        value = super().to_python(value)
        return strip_text(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = strip_text(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def validate(self, value, model_instance):
        if not self.blank and not strip_text(value):
            raise self._blank_error()
        super().validate(value, model_instance)

    def _blank_error(self):
        return ValidationError(
            _("请填写%(field)s（不能只有空格或不可见字符）。") % {"field": self.verbose_name},
            code="blank",
        )


class BlindIndexField(models.CharField):
    """The keyed hash of another field's normalised value, refreshed whenever the row is saved."""

    descriptor_class = BlindIndexAttribute

    def __init__(self, *args, source: str = "", **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = blind_index(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value
