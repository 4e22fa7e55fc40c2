"""QR codes of gongzhi's public links (sign-in, residents' pages, surveys), drawn as SVG."""

import io

import segno
from django.http import HttpResponse


def qr_svg_response(request, path: str) -> HttpResponse:
    """The QR code of this site's `path`, as an SVG to print or show on a screen."""
    buffer = io.BytesIO()
    code = segno.make(request.build_absolute_uri(path), error="m")
    code.save(buffer, kind="svg", scale=8, border=2, xmldecl=False)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
