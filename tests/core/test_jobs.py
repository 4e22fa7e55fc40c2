"""Background jobs: progress, results, failures; each job is its owner's alone."""

from django.urls import reverse

from gongzhi.core.jobs import JobFailed, JobResult, job_kind, job_start, run_job
from gongzhi.core.models import Job


@job_kind("test_count")
def _count(job, progress):
    total = job.params["n"]
    for done in range(1, total + 1):
        progress(done, total)
    if job.params.get("fail"):
        raise JobFailed("第 3 行有误")
    if job.params.get("crash"):
        raise RuntimeError("boom")
    return JobResult(message="完成", filename="out.txt", content=b"hello")


def test_a_job_reports_progress_and_offers_its_file(
    client, street_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(owner=street_user, kind="test_count", title="计数", params={"n": 120})
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.percent) == ("done", 120, 120, 100)
    client.force_login(street_user)
    page = client.get(reverse("core:job-detail", args=[job.pk]))
    assert "100%" in page.content.decode()
    fragment = client.get(reverse("core:job-detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in fragment.content.decode()  # finished: stop polling
    download = client.get(reverse("core:job-download", args=[job.pk]))
    assert b"".join(download.streaming_content) == b"hello"


def test_a_running_job_page_keeps_polling(client, street_user):
    job = Job.objects.create(owner=street_user, kind="test_count", title="x", done=5, total=10)
    client.force_login(street_user)
    html = client.get(reverse("core:job-detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html and "50%" in html
    assert client.get(reverse("core:job-download", args=[job.pk])).status_code == 404


def test_failures_are_shown_to_the_owner(street_user):
    job = Job.objects.create(
        owner=street_user, kind="test_count", title="x", params={"n": 3, "fail": 1}
    )
    run_job.call(job.pk)
    job.refresh_from_db()
    assert (job.state, job.message) == ("failed", "第 3 行有误")
    crashed = Job.objects.create(
        owner=street_user, kind="test_count", title="x", params={"n": 1, "crash": 1}
    )
    run_job.call(crashed.pk)
    crashed.refresh_from_db()
    assert crashed.state == "failed" and "boom" not in crashed.message


def test_someone_elses_job_is_not_found(client, street_user, community_user):
    job = Job.objects.create(owner=street_user, kind="test_count", title="x", state="done")
    client.force_login(community_user)
    assert client.get(reverse("core:job-detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("core:job-download", args=[job.pk])).status_code == 404


def test_a_failed_import_offers_its_upload_form_again(
    client, street_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(
            owner=street_user,
            kind="test_count",
            title="导入",
            params={"n": 3, "fail": 1},
            retry_url="/community/stations/import/",
        )
    client.force_login(street_user)
    html = client.get(reverse("core:job-detail", args=[job.pk])).content.decode()
    assert 'data-testid="job-retry"' in html and 'href="/community/stations/import/"' in html
    assert "再次上传" in html
    done = Job.objects.create(
        owner=street_user, kind="test_count", title="x", state="done", params={"retry_url": "/x/"}
    )
    html = client.get(reverse("core:job-detail", args=[done.pk])).content.decode()
    assert "job-retry" not in html  # only a failure is uploaded again
