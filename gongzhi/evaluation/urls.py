from django.urls import path

from gongzhi.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.RoundListView.as_view(), name="round-list"),
    path("programs/<int:pk>/new/", views.RoundCreateView.as_view(), name="round-create"),
    path("<int:pk>/", views.RoundDetailView.as_view(), name="round-detail"),
    path("<int:pk>/score/", views.RoundScoreView.as_view(), name="round-score"),
    path("<int:pk>/review/", views.RoundReviewView.as_view(), name="round-review"),
    path("<int:pk>/reopen/", views.RoundReopenView.as_view(), name="round-reopen"),
    path("<int:pk>/prefill/", views.RoundPrefillView.as_view(), name="round-prefill"),
    path("<int:pk>/evidence/", views.RoundEvidenceView.as_view(), name="round-evidence"),
    path("<int:pk>/sheet.xlsx", views.RoundExcelView.as_view(), name="round-excel"),
    path("<int:pk>/print/", views.RoundPrintView.as_view(), name="round-print"),
    path("tables/<int:pk>/", views.TableDetailView.as_view(), name="table-detail"),
    path("tables/<int:pk>/export/", views.TableExportView.as_view(), name="table-export"),
    path("tables/<int:pk>/import/", views.TableImportView.as_view(), name="table-import"),
]
