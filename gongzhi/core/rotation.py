"""Re-encrypting personal data under the current key, and refreshing blind indexes.

Each model is walked in primary-key order, a batch at a time (one transaction each): a value
already sealed under the current key is left alone, so an interrupted run resumes where it
stopped when run again. Rows are updated in place (no save(), no signals): the values, and the
indexes of the same clear values, do not change.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from django.apps import apps
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from gongzhi.core.crypto import UnknownKey, blind_index, current_prefix, decrypt, key_id_of
from gongzhi.core.fields import EncryptedTextField
from gongzhi.core.personal import PersonalValue


@dataclass
class Tally:
    rotated: int = 0  # values re-encrypted under the current key
    current: int = 0  # values already under it
    reindexed: int = 0  # blind indexes rewritten
    unreadable: int = 0  # values no configured key opens (left as they are)
    by_model: Counter = field(default_factory=Counter)


def encrypted_fields() -> list[tuple]:
    """(model, [EncryptedTextFields]) for every installed model holding personal data."""
    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields and not model._meta.proxy:
            found.append((model, fields))
    return found


def _raw(fields) -> dict:
    """The stored text of each field, as the database holds it (not decrypted)."""
    return {f"raw_{f.attname}": Cast(f.attname, output_field=TextField()) for f in fields}


def stored_key_ids(model, fields) -> Counter:
    """How many stored values each key id has sealed (a check after a rotation)."""
    raw = _raw(fields)
    counts = Counter()
    for row in model._base_manager.annotate(**raw).values_list(*raw).iterator():
        counts.update(key_id_of(value) for value in row if value)
    return counts


def _pending(raw, prefix) -> Q:
    pending = Q(pk__in=[])
    for name in raw:
        sealed = Q(**{f"{name}__isnull": False}) & ~Q(**{name: ""})
        pending |= sealed & ~Q(**{f"{name}__startswith": prefix})
    return pending


def rotate_model(
    model, fields, *, batch_size: int, reindex: bool, tally: Tally, progress: Callable
) -> None:
    raw = _raw(fields)
    indexes = [index.attname for f in fields for index in f.blind_indexes()]
    prefix = current_prefix()
    rows = model._base_manager.annotate(**raw).order_by("pk")
    if not reindex:
        rows = rows.filter(_pending(raw, prefix))
    total, done, last = rows.count(), 0, None
    while True:
        batch = rows if last is None else rows.filter(pk__gt=last)
        batch = list(batch.values("pk", *raw, *indexes)[:batch_size])
        if not batch:
            break
        with transaction.atomic():
            for row in batch:
                _rotate_row(model, fields, row, prefix, tally)
        last, done = batch[-1]["pk"], done + len(batch)
        progress(model, done, total)


def _rotate_row(model, fields, row, prefix, tally) -> None:
    updates = {}
    for f in fields:
        stored = row[f"raw_{f.attname}"]
        if not stored:
            continue
        try:
            clear = decrypt(stored)
        except (UnknownKey, InvalidTag, ValueError):
            tally.unreadable += 1
            continue
        if stored.startswith(prefix):
            tally.current += 1
        else:
            updates[f.attname] = PersonalValue(clear, f.kind)  # sealed anew when saved
            tally.rotated += 1
            tally.by_model[model._meta.label] += 1
        for index in f.blind_indexes():
            fresh = blind_index(clear)
            if row[index.attname] != fresh:
                updates[index.attname] = fresh
                tally.reindexed += 1
    if updates:
        model._base_manager.filter(pk=row["pk"]).update(**updates)


def rotate_all(*, batch_size: int = 500, reindex: bool = False, progress=None) -> Tally:
    tally = Tally()
    for model, fields in encrypted_fields():
        rotate_model(
            model,
            fields,
            batch_size=batch_size,
            reindex=reindex,
            tally=tally,
            progress=progress or (lambda *args: None),
        )
    return tally
