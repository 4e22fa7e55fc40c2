from django.urls import path

from gongzhi.smart import http, point_views, views, views_devices, views_grids

app_name = "smart"

urlpatterns = [
    path("alarms/", views.AlarmListView.as_view(), name="alarm-list"),
    path("alarms/live/", views.AlarmLiveView.as_view(), name="alarm-live"),
    path("alarms/<int:pk>/", views.AlarmDetailView.as_view(), name="alarm-detail"),
    path("alarms/<int:pk>/acknowledge/", views.AlarmAcknowledgeView.as_view(), name="alarm-ack"),
    path("alarms/<int:pk>/resolve/", views.AlarmResolveView.as_view(), name="alarm-resolve"),
    path("devices/", views.DeviceListView.as_view(), name="device-list"),
    path("devices/new/", views_devices.DeviceCreateView.as_view(), name="device-create"),
    path("devices/<int:pk>/", views.DeviceDetailView.as_view(), name="device-detail"),
    path("devices/<int:pk>/edit/", views_devices.DeviceUpdateView.as_view(), name="device-edit"),
    path(
        "devices/<int:pk>/deactivate/",
        views_devices.DeviceDeactivateView.as_view(),
        name="device-deactivate",
    ),
    path(
        "devices/<int:pk>/activate/",
        views_devices.DeviceActivateView.as_view(),
        name="device-activate",
    ),
    path("devices/<int:pk>/new-key/", views_devices.DeviceNewKeyView.as_view(), name="device-key"),
    path("rejected/", views_devices.RejectedListView.as_view(), name="rejected-list"),
    path("grids/", views_grids.GridListView.as_view(), name="grid-list"),
    path("grids/<int:pk>/workers/", views_grids.GridWorkersView.as_view(), name="grid-workers"),
    path(
        "grid-workers/<int:pk>/edit/",
        views_grids.GridWorkerUpdateView.as_view(),
        name="gridworker-edit",
    ),
    path(
        "grid-workers/<int:pk>/remove/",
        views_grids.GridWorkerRemoveView.as_view(),
        name="gridworker-remove",
    ),
    path("map/", views.MapView.as_view(), name="map"),
    path("map/data/", views.MapDataView.as_view(), name="map-data"),
    path("map/boundaries/", views.BoundaryImportView.as_view(), name="boundary-import"),
    path("map/points/", point_views.PointImportView.as_view(), name="point-import"),
    path("map/points/template.xlsx", point_views.point_template, name="point-template"),
    path("ingest/", http.ingest_alarm, name="ingest"),
]
