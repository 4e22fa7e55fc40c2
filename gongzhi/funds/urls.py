from django.urls import path

from gongzhi.funds import views

app_name = "funds"

urlpatterns = [
    path("", views.LedgerView.as_view(), name="ledger"),
    path("export/", views.LedgerExportView.as_view(), name="ledger-export"),
    path("projects/<int:pk>/", views.FundPageView.as_view(), name="project"),
    path("projects/<int:pk>/budget/", views.BudgetAddView.as_view(), name="budget-add"),
    path("projects/<int:pk>/allocate/", views.AllocateView.as_view(), name="allocate"),
    path("projects/<int:pk>/disburse/", views.DisburseView.as_view(), name="disburse"),
    path("projects/<int:pk>/spend/", views.SpendView.as_view(), name="spend"),
    path("entries/<int:pk>/reverse/", views.EntryReverseView.as_view(), name="entry-reverse"),
    path("files/<int:pk>/", views.EntryFileView.as_view(), name="file"),
]
