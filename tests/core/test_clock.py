import datetime

from django.core.checks import run_checks
from django.test import override_settings
from django.utils import timezone

from gongzhi.core import clock


def test_today_is_the_real_day_without_a_demo_day():
    assert clock.today() == timezone.localdate()
    assert clock.demo_today() is None


@override_settings(GZ_DEMO_TODAY="2024-11-25", DEBUG=True)
def test_a_demo_views_programs_on_its_day_keeping_the_time_of_day():
    assert clock.today() == datetime.date(2024, 11, 25)
    moment = clock.now()
    assert moment.date() == datetime.date(2024, 11, 25)


@override_settings(GZ_DEMO_TODAY="2024-11-25", DEBUG=False)
def test_production_refuses_a_demo_day():
    assert "gongzhi.E002" in {message.id for message in run_checks()}


@override_settings(GZ_DEMO_TODAY="25/11/2024", DEBUG=True)
def test_a_demo_day_must_be_a_date():
    assert "gongzhi.E003" in {message.id for message in run_checks()}


@override_settings(GZ_DEMO_TODAY="2024-11-25", DEBUG=True)
def test_pages_say_the_dates_are_a_demos(client, django_user_model):
    response = client.get("/accounts/login/")
    assert "演示数据：进度按 2024年11月25日 显示" in response.content.decode()
