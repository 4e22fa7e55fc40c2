"""What the map's file uploads (unit boundaries, places) share: the file is checked whole, a dry
run says how many it would import, a real run imports all or nothing and returns to the map."""

from django.contrib import messages
from django.shortcuts import redirect

from gongzhi.core.forms import run_service
from gongzhi.core.roles import Perm
from gongzhi.core.views import ScopedFormView


class MapFileImportView(ScopedFormView):
    """Subclasses name their form and template, `run(actor, data)` (the service, honouring
    data["dry_run"] and data["gcj02"]) and the two messages, each with %(count)s."""

    permission = Perm.MANAGE_GRIDS
    checked_message = ""
    done_message = ""

    def run(self, actor, data) -> int:
        raise NotImplementedError

    def form_valid(self, form):
        data = form.cleaned_data
        count = run_service(form, lambda: self.run(self.request.user, data))
        if count is None:
            return self.form_invalid(form)
        if data["dry_run"]:
            messages.info(self.request, self.checked_message % {"count": count})
            return self.form_invalid(form)
        messages.success(self.request, self.done_message % {"count": count})
        return redirect("smart:map")
