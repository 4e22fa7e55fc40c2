"""Cases and publicity records for tests, written straight to the database (the services are
tested on their own)."""

import datetime
import itertools

from gongzhi.cases.models import Case, Publicity
from gongzhi.core.roles import Role
from tests.conftest import make_user

_serial = itertools.count(1)


def author_in(unit):
    return make_user(f"case_author_{next(_serial)}", Role.PROGRAM_OFFICE, unit)


def make_case(unit, *, author=None, public=False, date=datetime.date(2024, 6, 1), **fields):
    return Case.objects.create(
        title=fields.pop("title", f"案例{next(_serial)}"),
        unit=unit,
        type=fields.pop("type", "party"),
        date=date,
        summary=fields.pop("summary", "做法与成效"),
        is_public=public,
        created_by=author or author_in(unit),
        **fields,
    )


def make_publicity(unit, *, author=None, date=datetime.date(2024, 6, 1), **fields):
    return Publicity.objects.create(
        title=fields.pop("title", f"报道{next(_serial)}"),
        unit=unit,
        media=fields.pop("media", "广汉发布"),
        media_level=fields.pop("media_level", "county"),
        kind=fields.pop("kind", "report"),
        date=date,
        link=fields.pop("link", "https://example.com/a"),
        created_by=author or author_in(unit),
        **fields,
    )


def png(name="照片.png"):
    """A small real picture (so a thumbnail is made)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 80, 60)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
