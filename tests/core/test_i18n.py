"""The English catalogue is complete and compiled, pages read in English when English is chosen,
and Simplified Chinese stays the default."""

import ast
import datetime
import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdf]|%%|\{\{\s*\w+\s*\}\}")


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgid, msgstr and flags (enough of the format for our catalogue)."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {"flags": set(), "msgid": [], "msgstr": [], "plural": False}
        part = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith("msgid_plural"):
                entry["plural"], part = True, None
            elif line.startswith("msgid "):
                part = "msgid"
                entry[part].append(ast.literal_eval(line[6:]))
            elif line.startswith("msgstr"):
                part = "msgstr"
                entry[part].append(ast.literal_eval(line.split(" ", 1)[1]))
            elif line.startswith('"') and part:
                entry[part].append(ast.literal_eval(line))
        if entry["msgid"] or entry["msgstr"]:
            entry["msgid"] = "".join(entry["msgid"])
            entry["msgstr"] = "".join(entry["msgstr"])
            entries.append(entry)
    return [entry for entry in entries if entry["msgid"]]


ENTRIES = read_po(CATALOGUE / "django.po")


def test_the_catalogue_exists_where_settings_look():
    assert (CATALOGUE / "django.po").is_file()
    assert (CATALOGUE / "django.mo").is_file()
    assert len(ENTRIES) > 500


def test_every_message_has_a_real_english_translation():
    problems = []
    for entry in ENTRIES:
        msgid, msgstr = entry["msgid"], entry["msgstr"]
        if entry["plural"]:
            problems.append(f"plural forms are not handled here: {msgid!r}")
        elif "fuzzy" in entry["flags"]:
            problems.append(f"fuzzy: {msgid!r}")
        elif not msgstr.strip():
            problems.append(f"untranslated: {msgid!r}")
        elif msgstr == msgid:
            problems.append(f"copied, not translated: {msgid!r}")
    assert not problems, "\n".join(problems)


def test_translations_keep_the_placeholders():
    def placeholders(text):
        return sorted(PLACEHOLDER.findall(text))

    problems = [
        f"{entry['msgid']!r} → {entry['msgstr']!r}"
        for entry in ENTRIES
        if placeholders(entry["msgid"]) != placeholders(entry["msgstr"])
    ]
    assert not problems, "\n".join(problems)


def test_the_compiled_catalogue_matches_the_po():
    """The committed .mo is what the .po says: recompile after editing translations."""
    with (CATALOGUE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        entry["msgid"] for entry in ENTRIES if compiled.gettext(entry["msgid"]) != entry["msgstr"]
    ]
    assert not stale, "run compilemessages; out of date in the .mo:\n" + "\n".join(stale)


def test_django_serves_the_translations():
    with translation.override("en"):
        untranslated = [
            entry["msgid"]
            for entry in ENTRIES
            if translation.gettext(entry["msgid"]) != entry["msgstr"]
        ]
    assert not untranslated, "\n".join(untranslated)


# --- pages --------------------------------------------------------------------------------


class _Text(HTMLParser):
    """The visible text of a page and the attributes people read, minus the language switch
    (which names 中文 in Chinese on purpose)."""

    ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__()
        self.segments: list[str] = []
        self.stack: list[tuple[str, bool]] = []

    @property
    def hidden(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = tag in {"script", "style"} or attrs.get("data-testid") == "language-switch"
        if not self.hidden and not skip:
            self.segments += [v for k, v in attrs.items() if k in self.ATTRIBUTES and v]
            if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
                self.segments.append(attrs["value"])
        if tag not in self.VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.segments.append(data.strip())


def _strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_in(item)


def user_data() -> list[str]:
    """Every Chinese text stored in the database (names, task texts, notes…): user data that
    stays as entered whatever the language. Longest first, so the longest match is removed."""
    found = set()
    for model in apps.get_models():
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                found.update(text for text in _strings_in(value) if IDEOGRAPH.search(text))
    return sorted(found, key=len, reverse=True)


def untranslated_on(response, data: list[str]) -> list[str]:
    """The bits of a page still in Chinese once user data is taken out."""
    assert response.status_code == 200, response.status_code
    parser = _Text()
    parser.feed(response.content.decode())
    left = []
    for segment in parser.segments:
        rest = segment
        if "…" in rest:  # user data cut short for display
            cut, _sep, after = rest.partition("…")
            if cut.strip() and any(text.startswith(cut.strip()) for text in data):
                rest = after
        for text in data:
            if text in rest:
                rest = rest.replace(text, " ")
        if IDEOGRAPH.search(rest):
            left.append(segment)
    return left


@pytest.fixture
def activity(demo, demo_users):
    from gongzhi.activities.models import Activity
    from gongzhi.orgs.models import Unit

    xicheng = Unit.objects.get(name="西城社区")
    start = timezone.now() - datetime.timedelta(days=1)
    return Activity.objects.create(
        title="第1期供需对接会",
        type=Activity.Type.SUPPLY_DEMAND,
        unit=xicheng,
        community=xicheng,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="社区综合体",
        created_by=demo_users["community"],
    )


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_pages_read_in_english_when_english_is_chosen(client, demo, demo_users, activity):
    english(client)
    login = client.get(reverse("accounts:login"))
    client.force_login(demo_users["office"])
    pages = {
        "login": login,
        "home": client.get(reverse("dashboards:home")),
        "ledger": client.get(reverse("progress:program-detail", args=[demo.pk])),
        "organisation list": client.get(reverse("community:org-list")),
        "activity": client.get(reverse("activities:activity-detail", args=[activity.pk])),
        "activity list": client.get(reverse("activities:activity-list")),
        "audit list": client.get(reverse("core:audit-list")),
        "units": client.get(reverse("orgs:unit-list")),
    }
    data = user_data()
    problems = {name: untranslated_on(page, data) for name, page in pages.items()}
    problems = {name: left for name, left in problems.items() if left}
    assert not problems, "\n".join(f"{name}: {left}" for name, left in problems.items())
    assert login["Content-Language"] == "en"
    assert b'<html lang="en">' in login.content


def test_chinese_is_the_default_whatever_the_browser_says(client):
    response = client.get(reverse("accounts:login"), headers={"accept-language": "en-US,en"})
    assert response["Content-Language"] == "zh-hans"
    assert "登录" in response.content.decode()
    assert settings.LANGUAGE_CODE == "zh-hans"


def test_lang_parameter_switches_and_is_remembered(client, db):
    asked = client.get(reverse("accounts:login"), {"lang": "en"})
    assert asked["Content-Language"] == "en"
    assert "Sign in" in asked.content.decode()
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    again = client.get(reverse("accounts:login"))
    assert again["Content-Language"] == "en"
    back = client.get(reverse("accounts:login"), {"lang": "zh-hans"})
    assert back["Content-Language"] == "zh-hans"
    assert client.get(reverse("accounts:login"))["Content-Language"] == "zh-hans"


def test_the_switch_keeps_the_page_and_its_query(client, db):
    page = client.get(reverse("accounts:login"), {"next": "/programs/"}).content.decode()
    assert 'href="?next=%2Fprograms%2F&amp;lang=en"' in page
    english = client.get(reverse("accounts:login"), {"next": "/programs/", "lang": "en"})
    assert 'href="?next=%2Fprograms%2F&amp;lang=zh-hans"' in english.content.decode()


def test_an_unknown_lang_is_ignored(client, db):
    response = client.get(reverse("accounts:login"), {"lang": "xx"})
    assert response["Content-Language"] == "zh-hans"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_set_language_view_sets_the_same_cookie(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.get(reverse("accounts:login"))["Content-Language"] == "en"


def test_a_job_answers_in_the_language_it_was_started_in(client, demo, demo_users, settings):
    from gongzhi.core.models import Job

    settings.GZ_INLINE_EXPORT_MAX_ROWS = 0  # the export runs as a job
    english(client).force_login(demo_users["office"])
    client.post(reverse("progress:ledger-export", args=[demo.pk]))
    job = Job.objects.latest("pk")
    assert job.params["language"] == "en"


# --- Python messages ----------------------------------------------------------------------

GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "gettext_noop"}
# Calls whose arguments reach a user as they are, and keywords that label things for users.
SINK_CALLS = {
    "ValidationError",
    "PermissionDenied",
    "Http404",
    "HttpResponse",
    "HttpResponseBadRequest",
    "JobFailed",
    "CellError",
    "DocumentError",
    "SignInRefused",
    "add_message",
    "add_error",
    "error",
    "success",
    "info",
    "warning",
    "deliver",
    "send_mail",
}
SINK_KEYWORDS = {
    "verbose_name",
    "verbose_name_plural",
    "help_text",
    "label",
    "empty_label",
    "description",
    "title",
    "body",
    "message",
}


def _has_chinese_literal(node) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return IDEOGRAPH.search(node.value) is not None
    if isinstance(node, ast.JoinedStr):
        return any(_has_chinese_literal(value) for value in node.values)
    if isinstance(node, ast.BinOp):
        return _has_chinese_literal(node.left) or _has_chinese_literal(node.right)
    return False


def _sink_arguments(call: ast.Call):
    func = call.func
    name = getattr(func, "id", None) or getattr(func, "attr", None)
    if name in GETTEXT:
        return []
    arguments = list(call.args) if name in SINK_CALLS else []
    if name == "append" and "errors" in ast.unparse(func.value):
        arguments = list(call.args)
    return arguments + [kw.value for kw in call.keywords if kw.arg in SINK_KEYWORDS]


def test_chinese_messages_in_python_go_through_gettext():
    """A Chinese literal (or f-string) handed to a message, error or label without `_()` would
    stay Chinese in English; wrap it, with %-style placeholders."""
    root = Path(settings.BASE_DIR) / "gongzhi"
    found = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                found += [
                    f"{path.relative_to(root)}:{argument.lineno}: {ast.unparse(argument)[:60]}"
                    for argument in _sink_arguments(node)
                    if _has_chinese_literal(argument)
                ]
    assert not found, "\n".join(found)


def test_names_in_a_row_are_separated_as_the_language_separates_them():
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{{ names|listing }}")
    names = ["西城社区", "<b>金山</b>"]
    assert template.render(Context({"names": names})) == "西城社区、&lt;b&gt;金山&lt;/b&gt;"
    with translation.override("en"):
        assert template.render(Context({"names": names})) == "西城社区, &lt;b&gt;金山&lt;/b&gt;"
