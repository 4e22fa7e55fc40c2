"""Chinese and English descriptions for every operation of the schema."""


def bilingual(chinese: str, english: str, detail_zh: str = "", detail_en: str = "") -> dict:
    """extend_schema arguments: the summary in both languages, the description too."""
    description = f"{chinese}。{detail_zh}\n\n{english}. {detail_en}".strip()
    return {"summary": f"{chinese} / {english}", "description": description}
