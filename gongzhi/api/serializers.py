"""Serializer helpers: personal data masked exactly as the pages print it, files never served
raw (they go through the audited download views)."""

from django.db import models
from rest_framework import serializers

from gongzhi.core.fields import EncryptedTextField


class MaskedField(serializers.ReadOnlyField):
    """A PersonalValue as the pages show it: masked (its `str`)."""

    def to_representation(self, value):
        return str(value) if value else ""


class ReadSerializer(serializers.ModelSerializer):
    def build_standard_field(self, field_name, model_field):
        if isinstance(model_field, EncryptedTextField):
            return MaskedField, {}
        return super().build_standard_field(field_name, model_field)


def read_serializer(model, fields, *, extra=None, name=""):
    """A read-only serializer of `model` with `fields` (no file fields: files have their own
    audited download pages); `extra` adds declared fields (e.g. labels)."""
    declared = set(extra or {})
    for field_name in fields:
        field = None if field_name in declared else model._meta.get_field(field_name)
        if isinstance(field, models.FileField):
            raise ValueError(f"{model.__name__}.{field_name}: files are not exposed")
    meta = type("Meta", (), {"model": model, "fields": list(fields), "read_only_fields": fields})
    attrs = {"Meta": meta, **(extra or {})}
    return type(name or f"{model.__name__}Serializer", (ReadSerializer,), attrs)


def display(source: str, **kwargs):
    """A read-only display value, e.g. label("get_state_display")."""
    return serializers.CharField(source=source, read_only=True, **kwargs)


# Stored but never given out: links that act as secrets, and addresses of people signing in.
SECRET_FIELDS = {"public_token", "ip", "key_digest"}


def exposed_fields(model, exclude=()) -> list[str]:
    from gongzhi.core.fields import BlindIndexField

    return [
        field.name
        for field in model._meta.concrete_fields
        if not isinstance(field, models.FileField | BlindIndexField)
        and field.name not in SECRET_FIELDS
        and field.name not in exclude
    ]
