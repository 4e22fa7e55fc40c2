"""What views add to the audit log by reading, not changing: downloads of stored files and
pages that show a person's personal data. One page view writes one entry."""

from django.utils.translation import gettext as _

from gongzhi.core.audit import Action, audit_record
from gongzhi.core.uploads import serve_stored_file

_SEEN = "_gz_audited"


def _first_time(request, key) -> bool:
    """Whether `key` is new in this request (a page reading its object twice logs it once)."""
    seen = getattr(request, _SEEN, None)
    if seen is None:
        seen = set()
        setattr(request, _SEEN, seen)
    if key in seen:
        return False
    seen.add(key)
    return True


def audit_read(request, action: str, obj, message: str = "") -> None:
    """One entry per request for `action` on `obj`, saying which page it was."""
    key = (action, obj._meta.label_lower, obj.pk)
    if not _first_time(request, key):
        return
    audit_record(
        actor=request.user,
        action=action,
        obj=obj,
        message=message or f"{request.method} {request.path}",
    )


def serve_audited_file(request, stored_file, *, thumbnail: bool):
    """`serve_stored_file`, with the download of the file itself audited (a thumbnail shown in a
    page is not a download)."""
    response = serve_stored_file(stored_file, thumbnail=thumbnail)
    if not thumbnail:
        audit_read(
            request,
            Action.DOWNLOAD,
            stored_file,
            _("下载文件：%(name)s") % {"name": stored_file.name},
        )
    return response


class PersonalDataViewMixin:
    """For a page or form showing a person's personal data (`self.object`): each GET of it
    writes one “查看个人信息” entry. Put it first among the view's bases."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if response.status_code == 200:
            audit_read(request, Action.VIEW_PERSONAL, self.object)
        return response
