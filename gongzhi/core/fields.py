"""Model fields for personal data: stored encrypted, found through a blind index."""

from django.db import models

from gongzhi.core.crypto import blind_index, decrypt, encrypt


class EncryptedTextField(models.TextField):
    """Plain text in Python, AES-GCM ciphertext in the database. Cannot be filtered on: give
    the model a BlindIndexField for exact lookups."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value


class BlindIndexField(models.CharField):
    """The keyed hash of another field's value, refreshed whenever the row is saved."""

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
        value = blind_index(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value
