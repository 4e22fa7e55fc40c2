"""Running long work in the background (django-tasks) and showing its progress.

A job kind is a function registered with `@job_kind("name")`; it receives the Job and a
`progress(done, total)` callback and returns a JobResult (a file to download, or a page to go to).
`job_start` records the job and queues it once the surrounding transaction commits.

An export kind also declares its `size(owner, params)`, the rows it would write:
`export_response` answers a small export (GZ_INLINE_EXPORT_MAX_ROWS rows at most) at once, in
the request, with the same code the job runs; a larger one goes to its job page.
"""

import contextlib
import logging
import mimetypes
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django_tasks import task

from gongzhi.core.excel import xlsx_response
from gongzhi.core.models import Job
from gongzhi.core.options import options_cached
from gongzhi.core.routers import on_replica

logger = logging.getLogger(__name__)
KINDS: dict[str, Callable] = {}
SIZES: dict[str, Callable] = {}
PROGRESS_SECONDS = 1.0  # at most one progress write a second, however fast rows go


@dataclass
class JobResult:
    message: str = ""
    filename: str = ""
    content: bytes = b""
    url: str = ""


class JobFailed(Exception):
    """A job that cannot finish; the message is shown to its owner as it is."""


def job_kind(name: str, *, size: Callable | None = None):
    """Register a job kind; an export passes `size(owner, params)`, the number of its rows."""

    def register(func):
        KINDS[name] = func
        if size is not None:
            SIZES[name] = size
        return func

    return register


def job_start(*, owner, kind: str, title: str, params: dict, retry_url: str = "") -> Job:
    """Record and queue a job; `retry_url` (an upload form) is offered again if it fails."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(
        owner=owner, kind=kind, title=title[:200], params=_with_language(params, retry_url)
    )
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def _with_language(params: dict, retry_url: str = "") -> dict:
    # The worker answers in the language the owner chose when starting the job.
    params = {**params, "language": translation.get_language() or settings.LANGUAGE_CODE}
    if retry_url:
        params["retry_url"] = retry_url
    return params


def export_response(request, *, kind: str, title: str, params: dict, back_url: str):
    """An export: the file itself when it is small, else its job's progress page. A small
    export runs the job's own function in the request, on a Job that is never saved."""
    size = SIZES[kind]
    if size(request.user, params) > settings.GZ_INLINE_EXPORT_MAX_ROWS:
        job = job_start(owner=request.user, kind=kind, title=title, params=params)
        return redirect(job.get_absolute_url())
    job = Job(owner=request.user, kind=kind, title=title[:200], params=_with_language(params))
    try:
        with options_cached():
            result = KINDS[kind](job, _no_progress)
    except JobFailed as error:
        messages.error(request, str(error))
        return redirect(back_url)
    return download_response(result.content, result.filename)


def download_response(content: bytes, filename: str) -> HttpResponse:
    """A file to download under `filename`; a workbook, or another type named by its suffix."""
    if filename.endswith(".xlsx"):
        return xlsx_response(content, filename)
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _no_progress(done: int, total: int) -> None:
    """Nobody watches an export answered in its request."""


class Progress:
    """Writes progress to the job row now and then: the first and last call, and at most once a
    second between them (so the number of writes does not grow with the rows)."""

    def __init__(self, job: Job):
        self.job = job
        self.last_written = None

    def __call__(self, done: int, total: int) -> None:
        self.job.done, self.job.total = done, total
        now = time.monotonic()
        due = self.last_written is None or now - self.last_written >= PROGRESS_SECONDS
        if due or done == total:
            Job.objects.filter(pk=self.job.pk).update(done=done, total=total)
            self.last_written = now


@task()
def run_job(job_id: int) -> str:
    job = Job.objects.get(pk=job_id)
    language = job.params.get("language") or settings.LANGUAGE_CODE
    # the configurable lists are read once for the job, not once a row
    with translation.override(language), options_cached():
        return _run(job)


def _run(job: Job) -> str:
    job_id = job.pk
    Job.objects.filter(pk=job_id).update(state=Job.State.RUNNING)
    # an export only reads: from the read replica, where one is configured
    reads = on_replica() if job.kind in SIZES else contextlib.nullcontext()
    try:
        with reads:
            result = KINDS[job.kind](job, Progress(job))
    except JobFailed as error:
        return _finish(job, Job.State.FAILED, str(error))
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        return _finish(job, Job.State.FAILED, _("处理时出错，请稍后重试或联系管理员。"))
    if result.content:
        job.result.save(result.filename, ContentFile(result.content), save=False)
        job.result_name = result.filename
    job.result_url = result.url
    return _finish(job, Job.State.DONE, result.message)


def _finish(job: Job, state: str, message: str) -> str:
    job.state, job.message, job.finished_at = state, message, timezone.now()
    job.save()
    return state
