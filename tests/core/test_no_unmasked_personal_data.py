"""A crawl of every page, download and export, as every demo role and as nobody: no full phone,
ID number or sensitive value held in the database appears in any answer (HTML, JSON, Excel,
other files). Only the reveal view shows one, and it is not crawled."""

import datetime
import io
import itertools
import zipfile

import openpyxl
import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from gongzhi.activities.models import Activity, SignIn
from gongzhi.community.models import Donor, SocialOrganization, SocialWorker, Volunteer
from gongzhi.community.registries import REGISTRIES
from gongzhi.core.fields import PhoneField, SensitiveTextField
from gongzhi.core.models import Job
from gongzhi.core.normalize import id_check_character
from gongzhi.core.rotation import encrypted_fields
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Pilot, Program, ProgramVersion
from gongzhi.progress.models import Notification

SKIPPED = {
    "accounts:logout",  # would end the crawl's session
    "core:reveal",  # the one place a full value is shown, on purpose
}
UPLOADS = {"programs:upload-preview", "orgs:unit-import-plan", "exchange:confirm"}
OWNED = {  # a user's own rows, by the field naming their owner
    "core:job-detail": (Job, "owner"),
    "core:job-download": (Job, "owner"),  # the exports started below
    "progress:notification-open": (Notification, "user"),
}
_serial = itertools.count(1)


def _phone():
    return f"1390{next(_serial):07d}"


def _id_number():
    body = f"510681199{next(_serial):08d}"[:17]
    return body + id_check_character(body)


def _value_for(field):
    if isinstance(field, SensitiveTextField):
        return f"测试敏感{next(_serial)}"
    return _phone() if isinstance(field, PhoneField) else _id_number()


def _fill(obj, fields):
    for field in fields:
        setattr(obj, field.attname, _value_for(field))
    obj.save()


def _activity(community, organiser):
    start = timezone.now()
    return Activity.objects.create(
        title="民族团结联谊会",
        type="training",
        unit=community,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="西城社区",
        created_by=organiser,
    )


def _seed_people(organiser):
    """A record of every kind in 西城社区 (and the demo agency), then every personal field of
    every row filled with a known value."""
    community = Unit.objects.get(name="西城社区")
    agency = Unit.objects.get(name="广汉市示范社会工作服务中心（演示）")
    activity = Activity.objects.filter(unit=community).first() or _activity(community, organiser)
    Volunteer.objects.create(name="王芳", unit=community, phone=_phone())
    SocialWorker.objects.create(name="赵敏", unit=agency, phone=_phone())
    Donor.objects.create(name="某商家", kind="merchant", unit=community, contact_phone=_phone())
    SocialOrganization.objects.create(
        name="邻里互助会",
        unit=community,
        category="charity",
        filing="filed",
        contact_phone=_phone(),
    )
    SignIn.objects.create(activity=activity, name="李四", phone=_phone())
    for model, fields in encrypted_fields():
        for obj in model._base_manager.all():
            _fill(obj, fields)


def _clear_values() -> set[str]:
    found = set()
    for model, fields in encrypted_fields():
        for obj in model._base_manager.all():
            for field in fields:
                value = getattr(obj, field.attname)
                if value:
                    found.add(value.reveal())
    phones = {v for v in found if v.isdigit() and len(v) == 11}
    spaced = {f"{p[:3]} {p[3:7]} {p[7:]}" for p in phones} | {
        f"{p[:3]}-{p[3:7]}-{p[7:]}" for p in phones
    }
    return found | spaced


def _routes(patterns=None, namespace=""):
    """(name, view class, kwarg names, model) of every named class-based view (the model may
    be given to `as_view`, as the shared 停用 / 恢复 views are)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            view = getattr(entry.callback, "view_class", None)
            if hasattr(entry.callback, "actions"):  # an API viewset: its GET routes only
                view = entry.callback.cls if "get" in entry.callback.actions else None
            if view is not None:
                given = getattr(entry.callback, "view_initkwargs", None) or {}
                model = given.get("model") or getattr(view, "model", None)
                names = tuple(entry.pattern.converters) or tuple(entry.pattern.regex.groupindex)
                yield f"{namespace}{entry.name}", view, names, model


def _gets(view) -> bool:
    if hasattr(view, "get_extra_actions"):
        return True  # an API viewset, kept above for its GET routes
    return "get" in view.http_method_names and hasattr(view, "get")


def _kwargs(name, model, names, user) -> list[dict]:
    """The URL arguments to visit `name` with, as `user`."""
    if not names:
        return [{}]
    if name in UPLOADS:
        return []  # previews of uploaded files: the crawl uploads nothing
    if name in OWNED:
        model, owner = OWNED[name]
        return [
            {"pk": pk} for pk in model.objects.filter(**{owner: user}).values_list("pk", flat=True)
        ]
    if names == ("registry",):
        return [{"registry": slug} for slug in REGISTRIES]
    if names == ("pk",) and model is not None:
        return [{"pk": pk} for pk in _sample(model, user)]
    if names == ("token",):
        return [{"token": activity.signin_token} for activity in Activity.objects.all()[:1]]
    if names == ("code", "pk"):  # a pilot's public page
        pilot = Pilot.objects.select_related("program").first()
        return [{"code": pilot.program.code, "pk": pilot.pk}] if pilot else []
    if names == ("code",):
        return [{"code": Program.objects.values_list("code", flat=True).first()}]
    if name == "selfgov:public":  # a community's public notice page
        return [
            {"pk": pk}
            for pk in Unit.objects.filter(kind="community").values_list("pk", flat=True)[:2]
        ]
    if names == ("kind",):
        from gongzhi.selfgov.models.duties import DutyKind

        return [{"kind": kind} for kind in DutyKind.values]
    if names == ("pk", "step"):
        return [{"pk": pk, "step": "accept"} for pk in _sample(model, user)]
    if names == ("pk", "number"):
        version = ProgramVersion.objects.first()
        return [{"pk": version.program_id, "number": version.number}] if version else []
    if "list_name" in names:
        return []  # option lists: post-only or without personal data
    pytest.fail(f"the crawl does not know how to visit {name} {names}: teach _kwargs")


def _sample(model, user, limit=1):
    """A few records of `model` the user sees, those holding personal data first."""
    manager = model._base_manager
    if user is not None and hasattr(model.objects, "visible_to"):
        manager = model.objects.visible_to(user)
    return list(manager.order_by("-pk").values_list("pk", flat=True)[:limit])


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":
        return _zip_text(body)
    return body.decode("utf-8", errors="ignore")


def _zip_text(body: bytes) -> str:
    try:
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    except Exception:  # noqa: BLE001 - not a workbook: read every member of the archive
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "".join(archive.read(n).decode("utf-8", "ignore") for n in archive.namelist())
    return "\n".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    )


def _export_everything(client, user) -> list:
    """Every export the user may start: small ones answer the file at once (returned here),
    larger ones leave a job whose file the crawl downloads from the job's page."""
    urls = [reverse("community:export", args=[slug]) for slug in REGISTRIES]
    urls += [reverse("progress:ledger-export", args=[p.pk]) for p in Program.objects.all()]
    urls += [reverse("activities:activity-export")]
    urls += [reverse("activities:signin-export", args=[pk]) for pk in _sample(Activity, user, 2)]
    responses = [client.post(url) for url in urls]
    return [(url, r) for url, r in zip(urls, responses, strict=True) if r.status_code == 200]


def _pages(routes, user) -> list[str]:
    pages = [
        reverse(name, kwargs=kwargs or None)
        for name, view, names, model in routes
        if _gets(view)
        for kwargs in _kwargs(name, model, names, user)
    ]
    return pages + [obj.get_absolute_url() for obj in _people()]


@pytest.mark.django_db
def test_no_response_to_any_role_holds_an_unmasked_personal_value(
    demo, demo_users, settings, django_capture_on_commit_callbacks
):
    settings.GZ_REVEAL_PER_HOUR = 0  # even a stray reveal would show nothing
    _seed_people(demo_users["community"])
    clear = _clear_values()
    routes = [r for r in _routes() if r[0] not in SKIPPED and not r[0].startswith("admin:")]
    found, visited, downloads = [], 0, 0
    for user in [None, *demo_users.values()]:
        client = Client()
        if user is not None:
            client.force_login(user)
            with django_capture_on_commit_callbacks(execute=True):
                exported = _export_everything(client, user)
        else:
            exported = []
        fetched = ((url, client.get(url)) for url in _pages(routes, user))
        for url, response in [*exported, *fetched]:
            text = _text(response)
            visited += 1
            downloads += response.has_header("Content-Disposition")
            who = user.username if user else "anonymous"
            found += [f"{who} {url}: {value}" for value in clear if value in text]
    assert visited > 500 and downloads > 20  # the crawl reached pages and files
    assert found == []


def _people():
    return [
        obj
        for model, _fields in encrypted_fields()
        if hasattr(model, "get_absolute_url")
        for obj in model._base_manager.order_by("-pk")[:2]
    ]
