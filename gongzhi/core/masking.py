"""The one way to show personal data: masked. Each helper is idempotent (masking a masked value
gives it back), so it is safe to call on a PersonalValue, whose text is already masked."""


def _text(value) -> str:
    return "" if value is None else str(value)


def mask_phone(value) -> str:
    """13812345678 → 138****5678."""
    digits = _text(value)
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


def mask_id_number(value) -> str:
    """510681199001011234 → 5106**********1234."""
    text = _text(value)
    if len(text) < 8:
        return "*" * len(text)
    return f"{text[:4]}{'*' * (len(text) - 8)}{text[-4:]}"


def mask_name(value) -> str:
    """张三丰 → 张**."""
    text = _text(value)
    return text[:1] + "*" * (len(text) - 1) if text else ""


def mask_sensitive(value) -> str:
    """残疾情况、民族…: nothing of it shows, not even its length (汉 / 维吾尔 would tell)."""
    return "***" if _text(value) else ""


MASKS = {
    "phone": mask_phone,
    "id_number": mask_id_number,
    "name": mask_name,
    "sensitive": mask_sensitive,
}


def mask(kind: str, value) -> str:
    """Mask `value` as personal data of `kind` (phone, id_number, name, sensitive)."""
    return MASKS[kind](value)
