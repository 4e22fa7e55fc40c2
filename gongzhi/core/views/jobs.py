from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from gongzhi.core.audit import Action
from gongzhi.core.audited_views import audit_read
from gongzhi.core.models import Job


class OwnJobMixin(LoginRequiredMixin):
    """A job is its owner's alone: anyone else gets 404."""

    model = Job

    def get_queryset(self):
        return Job.objects.filter(owner=self.request.user)


class JobDetailView(OwnJobMixin, DetailView):
    """Progress of a job; the page polls its own fragment until the job is finished."""

    template_name = "core/job_detail.html"

    def get_template_names(self):
        if self.request.htmx:
            return ["core/job_progress.html"]
        return [self.template_name]


class JobDownloadView(OwnJobMixin, DetailView):
    def get(self, request, *args, **kwargs):
        job = self.get_object()
        if job.state != Job.State.DONE or not job.result:
            raise Http404
        audit_read(
            request, Action.DOWNLOAD, job, _("下载文件：%(name)s") % {"name": job.result_name}
        )
        return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name)
