"""The inbox holds only the user's own messages; opening one marks it read."""

from django.urls import reverse

from gongzhi.progress.models import Notification


def test_opening_a_message_marks_it_read_and_follows_it(client, demo_users):
    note = Notification.objects.create(
        user=demo_users["street"], key="k", title="待审核", url="/programs/"
    )
    client.force_login(demo_users["street"])
    assert "待审核" in client.get(reverse("progress:inbox")).content.decode()
    response = client.get(reverse("progress:notification-open", args=[note.pk]))
    assert response.url == "/programs/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_someone_elses_message_is_not_found(client, demo_users):
    note = Notification.objects.create(user=demo_users["street"], key="k", title="x")
    client.force_login(demo_users["community"])
    assert client.get(reverse("progress:notification-open", args=[note.pk])).status_code == 404
    assert "x" not in [
        n.title for n in client.get(reverse("progress:inbox")).context["object_list"]
    ]


def test_a_message_never_redirects_off_site(client, demo_users):
    note = Notification.objects.create(
        user=demo_users["street"], key="k", title="x", url="https://evil.example/"
    )
    client.force_login(demo_users["street"])
    response = client.get(reverse("progress:notification-open", args=[note.pk]))
    assert response.url == reverse("progress:inbox")
