import datetime
import io

import pypdf
import pytest
from django.utils import timezone
from docx import Document

from gongzhi.activities.models import Activity, SignIn
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Task
from gongzhi.progress.models import Report


@pytest.fixture
def xihu(demo):
    return Unit.objects.get(name="西湖社区")


def add_activity(community, author, signins: int, title="民族文化活动") -> Activity:
    start = timezone.make_aware(datetime.datetime(2024, 9, 1, 9))
    activity = Activity.objects.create(
        title=title,
        type="training",
        unit=community,
        community=community,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="社区广场",
        created_by=author,
    )
    SignIn.objects.bulk_create(
        SignIn(activity=activity, name=f"居民{n}", source="paper", added_by=author)
        for n in range(signins)
    )
    return activity


def add_report(community, author, text: str) -> Report:
    task = Task.objects.filter(pilot__community=community).order_by("number").first()
    return Report.objects.create(
        task=task,
        unit=community,
        author=author,
        text=text,
        state=Report.State.PENDING,
        submitted_at=timezone.now(),
    )


def pdf_text(content: bytes) -> str:
    """The PDF's text without white space (table cells wrap lines anywhere)."""
    pages = pypdf.PdfReader(io.BytesIO(content)).pages
    return "".join("".join(page.extract_text().split()) for page in pages)


def compact(text: str) -> str:
    return "".join(text.split())


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(lines)


@pytest.fixture
def people(demo, demo_users):
    """The demo's office, 雒城街道 and 汉州街道 accounts, with community accounts of 西湖社区 and
    金山社区."""
    from gongzhi.core.roles import Role
    from tests.conftest import make_user

    found = {name: demo_users[name] for name in ("office", "street", "community", "finance")}
    found["hanzhou"] = make_user("hanzhou_t", Role.STREET, Unit.objects.get(name="汉州街道"))
    for username, name in (("xihu", "西湖社区"), ("jinshan", "金山社区")):
        found[username] = make_user(f"{username}_t", Role.COMMUNITY, Unit.objects.get(name=name))
    return found
