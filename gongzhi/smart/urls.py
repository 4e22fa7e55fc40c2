from django.urls import path

from gongzhi.smart import http, point_views, views

app_name = "smart"

urlpatterns = [
    path("alarms/", views.AlarmListView.as_view(), name="alarm-list"),
    path("alarms/live/", views.AlarmLiveView.as_view(), name="alarm-live"),
    path("alarms/<int:pk>/", views.AlarmDetailView.as_view(), name="alarm-detail"),
    path("alarms/<int:pk>/acknowledge/", views.AlarmAcknowledgeView.as_view(), name="alarm-ack"),
    path("alarms/<int:pk>/resolve/", views.AlarmResolveView.as_view(), name="alarm-resolve"),
    path("devices/", views.DeviceListView.as_view(), name="device-list"),
    path("devices/<int:pk>/", views.DeviceDetailView.as_view(), name="device-detail"),
    path("map/", views.MapView.as_view(), name="map"),
    path("map/data/", views.MapDataView.as_view(), name="map-data"),
    path("map/boundaries/", views.BoundaryImportView.as_view(), name="boundary-import"),
    path("map/points/", point_views.PointImportView.as_view(), name="point-import"),
    path("map/points/template.xlsx", point_views.point_template, name="point-template"),
    path("ingest/", http.ingest_alarm, name="ingest"),
]
