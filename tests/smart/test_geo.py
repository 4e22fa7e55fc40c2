"""WGS-84 is stored; GCJ-02 input converts consistently both ways."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongzhi.smart.geo import gcj02_to_wgs84, wgs84_to_gcj02


def test_a_known_point_converts_as_chinese_web_maps_show_it():
    # 天安门: WGS-84 (GPS) and the GCJ-02 coordinates web maps give for the same place
    assert wgs84_to_gcj02(39.9087, 116.3975) == pytest.approx((39.91010, 116.40374), abs=2e-5)
    assert gcj02_to_wgs84(39.91010, 116.40374) == pytest.approx((39.9087, 116.3975), abs=2e-5)


def test_a_point_in_guanghan_moves_by_a_few_hundred_metres():
    lat, lon = wgs84_to_gcj02(30.979120, 104.268410)
    assert 0.001 < abs(lat - 30.979120) < 0.004
    assert 0.001 < abs(lon - 104.268410) < 0.004


@given(st.floats(min_value=18.5, max_value=50), st.floats(min_value=75, max_value=134))
def test_converting_there_and_back_returns_the_point(lat, lon):
    back = gcj02_to_wgs84(*wgs84_to_gcj02(lat, lon))
    assert back == pytest.approx((lat, lon), abs=1e-7)


def test_points_outside_china_are_not_shifted():
    assert wgs84_to_gcj02(48.8566, 2.3522) == (48.8566, 2.3522)
