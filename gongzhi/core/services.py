"""Writes shared by the registries: save a unit-owned record with its permission check and audit."""

from django.db import transaction

from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.permissions import require_perm


def record_validate(instance, *, exclude=(), bulk=False) -> None:
    """The one validation of a record, whichever path writes it (a form, an import, the API):
    its fields' validators and its model's `clean()`. Like a ModelForm, an import `exclude`s the
    fields its file does not give, and the foreign keys it has already resolved among the
    actor's units (so no query per row); with `bulk=True` it checks uniqueness itself, for the
    whole file at once."""
    instance.full_clean(exclude=exclude, validate_unique=not bulk, validate_constraints=not bulk)


def record_save(*, actor, instance, perm, extra_units=(), after_save=None):
    """Create or update `instance` (owned by `instance.unit`): the actor must hold `perm` over
    its unit (and over any `extra_units` it names), the row must validate, and the change is
    audited. `after_save(instance)` writes related rows in the same transaction."""
    require_perm(actor, perm, instance.unit, *[u for u in extra_units if u is not None])
    creating = instance.pk is None
    before = None if creating else snapshot(type(instance)._default_manager.get(pk=instance.pk))
    record_validate(instance)
    with transaction.atomic():
        instance.save()
        if after_save is not None:
            after_save(instance)
        audit_record(
            actor=actor,
            action=Action.CREATE if creating else Action.UPDATE,
            obj=instance,
            before=before,
            after=snapshot(instance),
        )
    return instance
