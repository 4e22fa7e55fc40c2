"""One way to show personal data on screen: masked, unless a permission says otherwise."""


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678."""
    digits = value or ""
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


def mask_id_number(value: str) -> str:
    """510681199001011234 → 5106**********1234."""
    text = value or ""
    if len(text) < 8:
        return "*" * len(text)
    return f"{text[:4]}{'*' * (len(text) - 8)}{text[-4:]}"


def mask_name(value: str) -> str:
    """张三丰 → 张**."""
    text = value or ""
    return text[:1] + "*" * (len(text) - 1) if text else ""
