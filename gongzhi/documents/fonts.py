"""The Chinese font the PDF embeds: GZ_CJK_FONT when set, else one fontconfig knows for
Chinese (Debian's fonts-wqy-zenhei or fonts-noto-cjk). Without one, Chinese would print as
boxes, so the report fails with a message saying what to install."""

import functools
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

KNOWN = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


class CJKFontMissing(Exception):
    def __init__(self):
        super().__init__(
            _("服务器未安装中文字体，无法生成 PDF。请安装 fonts-wqy-zenhei 或 fonts-noto-cjk。")
        )


def cjk_font_path() -> Path:
    configured = getattr(settings, "GZ_CJK_FONT", "")
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise CJKFontMissing
        return path
    found = _found()
    if found is None:
        raise CJKFontMissing
    return found


@functools.cache
def _found() -> Path | None:
    for candidate in KNOWN:
        if Path(candidate).is_file():
            return Path(candidate)
    if shutil.which("fc-list") is None:
        return None
    listed = subprocess.run(
        ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10, check=False
    ).stdout
    files = sorted(line.split(":")[0].strip() for line in listed.splitlines() if line.strip())
    return Path(files[0]) if files else None
