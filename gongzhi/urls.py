from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("gongzhi.dashboards.urls")),
    path("accounts/", include("gongzhi.accounts.urls")),
    path("orgs/", include("gongzhi.orgs.urls")),
    path("", include("gongzhi.core.urls")),  # core/… and settings/…
    path("programs/", include("gongzhi.programs.urls")),
    path("", include("gongzhi.progress.urls")),
    path("community/", include("gongzhi.community.urls")),
    path("activities/", include("gongzhi.activities.urls")),
    path("services/", include("gongzhi.services.urls")),
    path("needs/", include("gongzhi.residents.urls")),
    path("surveys/", include("gongzhi.surveys.urls")),
    path("selfgov/", include("gongzhi.selfgov.urls")),
    path("funds/", include("gongzhi.funds.urls")),
    path("supervision/", include("gongzhi.supervision.urls")),
    path("smart/", include("gongzhi.smart.urls")),
    path("exchange/", include("gongzhi.exchange.urls")),
    path("reports/", include("gongzhi.documents.urls")),
    path("evaluation/", include("gongzhi.evaluation.urls")),
    path("cases/", include("gongzhi.cases.urls")),
    path("archives/", include("gongzhi.archives.urls")),
    path("api/", include("gongzhi.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
