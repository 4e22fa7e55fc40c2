from django.urls import path

from gongzhi.residents import public, views

app_name = "residents"

urlpatterns = [
    path("", views.NeedListView.as_view(), name="need-list"),
    path("new/", views.NeedCreateView.as_view(), name="need-create"),
    path("<int:pk>/", views.NeedDetailView.as_view(), name="need-detail"),
    path("<int:pk>/step/<slug:step>/", views.NeedStepView.as_view(), name="need-step"),
    path("<int:pk>/match/", views.NeedMatchView.as_view(), name="need-match"),
    path("meetings/<int:pk>/", views.MeetingNeedsView.as_view(), name="meeting-needs"),
    path("photos/<int:pk>/", views.NeedPhotoFileView.as_view(), name="photo-file"),
    path("photos/<int:pk>/thumb/", views.NeedPhotoThumbnailView.as_view(), name="photo-thumb"),
    path("communities/<int:pk>/qr.svg", views.CommunityQrView.as_view(), name="community-qr"),
    path("categories/", views.CategoryListView.as_view(), name="category-list"),
    path("categories/new/", views.CategoryCreateView.as_view(), name="category-create"),
    path("categories/<int:pk>/edit/", views.CategoryUpdateView.as_view(), name="category-edit"),
    path(
        "regions/<int:pk>/default-categories/",
        views.CategoryDefaultsView.as_view(),
        name="category-defaults",
    ),
    # the residents' own pages (no account)
    path("r/<str:token>/", public.public_need, name="public-need"),
    path("follow/", public.follow, name="follow"),
]
