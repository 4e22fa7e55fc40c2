"""The records a user may read, in the file's form: one dict per record, keyed by field.
Personal data leaves masked: a service item's contact as 138****5678, a volunteer as the
keyed hash of their phone (never their name, phone or ID number)."""

from gongzhi.core.roles import Perm
from gongzhi.exchange.schema import KINDS, Kind


def _cell(value) -> str | int:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value if isinstance(value, int) else str(value)


def file_form(kind: Kind, record) -> dict:
    row = {"hdx_id": record.hdx_id, "community": record.community.name}
    for key in kind.attributes:
        if key == "need_receipt":
            row[key] = record.need.receipt_code if record.need_id else ""
        else:
            row[key] = _cell(getattr(record, key))
    return row


def _queryset(kind: Kind, user):
    queryset = kind.model.objects.visible_to(user, Perm.VIEW_REGISTRIES)
    related = ["community"] + (["need"] if kind.key == "handled_matters" else [])
    return queryset.select_related(*related).order_by("hdx_id")


def exported(user, kinds=None, progress=None) -> dict[str, list[dict]]:
    """The records of each chosen kind (every kind by default) in the file's form; `progress`
    (done, total), if given, hears of each record."""
    chosen = kinds or list(KINDS)
    total = count(user, chosen) if progress else 0
    records: dict[str, list[dict]] = {key: [] for key in chosen}
    done = 0
    for key in chosen:
        for record in _queryset(KINDS[key], user).iterator(chunk_size=2000):
            records[key].append(file_form(KINDS[key], record))
            done += 1
            if progress:
                progress(done, total)
    return records


def count(user, kinds=None) -> int:
    return sum(_queryset(KINDS[key], user).count() for key in kinds or KINDS)
