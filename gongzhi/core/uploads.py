"""Checking uploaded files by their content (not their name), making image thumbnails and
serving stored files."""

import io
import zipfile
from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# extension → MIME type that the file's content must show
ALLOWED = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Legacy Office files share one container format; the sniffer may name either.
_OLE = {"application/msword", "application/vnd.ms-excel", "application/x-ole-storage"}
_OOXML_PART = {"docx": "word/", "xlsx": "xl/"}
THUMBNAIL_SIZE = (480, 480)


def max_bytes() -> int:
    return getattr(settings, "GZ_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)


def check_upload(upload) -> str:
    """The file's MIME type, or ValidationError naming the file and what is wrong."""
    name = upload.name
    extension = Path(name).suffix.lower().lstrip(".")
    if upload.size > max_bytes():
        raise ValidationError(
            _("“%(name)s”超过 %(mb)d MB。") % {"name": name, "mb": max_bytes() // 2**20}
        )
    if extension not in ALLOWED:
        raise ValidationError(
            _("“%(name)s”的类型不允许。可上传：图片、PDF、Word、Excel。") % {"name": name}
        )
    expected = ALLOWED[extension]
    if not _content_matches(upload, extension, expected):
        raise ValidationError(_("“%(name)s”的内容与扩展名不符，已拒绝。") % {"name": name})
    return expected


def _content_matches(upload, extension: str, expected: str) -> bool:
    try:
        if extension in _OOXML_PART:
            # Office writers order the parts differently; look inside the archive itself.
            if not zipfile.is_zipfile(upload):
                return False
            with zipfile.ZipFile(upload) as archive:
                return any(n.startswith(_OOXML_PART[extension]) for n in archive.namelist())
        kind = filetype.guess(upload.read(8192))
        sniffed = kind.mime if kind else None
        return sniffed == expected or (expected in _OLE and sniffed in _OLE)
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        upload.seek(0)


def make_thumbnail(upload) -> ContentFile | None:
    """A small JPEG of an image upload, or None if it cannot be read as an image."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail(THUMBNAIL_SIZE)
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, "JPEG", quality=80)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    return ContentFile(buffer.getvalue(), name="thumb.jpg")


def save_upload(instance, upload):
    """Check an upload and store it on an unsaved file record (fields: file, thumbnail, name,
    content_type, size), with a thumbnail for images; then save the record."""
    content_type = check_upload(upload)
    instance.name, instance.content_type, instance.size = (
        upload.name[:200],
        content_type,
        upload.size,
    )
    instance.file.save(upload.name, upload, save=False)
    if content_type.startswith("image/"):
        thumbnail = make_thumbnail(upload)
        if thumbnail is not None:
            instance.thumbnail.save("thumb.jpg", thumbnail, save=False)
    instance.save()
    return instance


def serve_stored_file(stored_file, *, thumbnail: bool):
    """A stored file (or its thumbnail) answered inline when a browser shows it safely."""
    stored = stored_file.thumbnail if thumbnail else stored_file.file
    if not stored:
        raise Http404
    response = FileResponse(
        stored.open("rb"),
        content_type="image/jpeg" if thumbnail else stored_file.content_type,
        as_attachment=not (
            thumbnail
            or stored_file.content_type.startswith("image/")
            or stored_file.content_type.endswith("pdf")
        ),
        filename=stored_file.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    return response
