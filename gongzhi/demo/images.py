"""Demo photos: a coloured card with a caption, drawn the same way every time (same caption, same
bytes), small enough to keep the demo light."""

import hashlib
import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

SIZE = (640, 400)
FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
)
# muted colours that white text reads well on
PALETTE = ("#2f6f73", "#5b6f2f", "#7a4b2a", "#3d5a8c", "#6b3d6e", "#8c5a2e", "#2e6b4f", "#7a3b3b")


def _font(size: int):
    for path in FONTS:
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for char in text:
        if draw.textlength(line + char, font=font) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines


def card(caption: str, footer: str) -> bytes:
    """A PNG: the caption large on a colour picked from it, the footer (unit and date) below."""
    digest = hashlib.sha256(caption.encode()).digest()
    image = Image.new("RGB", SIZE, PALETTE[digest[0] % len(PALETTE)])
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 24, SIZE[0] - 24, SIZE[1] - 24), outline="#ffffff", width=2)
    draw.text((48, 44), "演示照片", font=_font(20), fill="#ffffffaa")
    title = _font(38)
    y = 110
    for line in _wrap(draw, caption, title, SIZE[0] - 96)[:4]:
        draw.text((48, y), line, font=title, fill="#ffffff")
        y += 52
    draw.text((48, SIZE[1] - 76), footer, font=_font(22), fill="#ffffff")
    buffer = io.BytesIO()
    image.quantize(colors=32, dither=Image.Dither.NONE).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def photo_upload(caption: str, footer: str) -> SimpleUploadedFile:
    """The card as an upload, named after its caption, as a person would send it."""
    return SimpleUploadedFile(f"{caption}.png", card(caption, footer), content_type="image/png")
