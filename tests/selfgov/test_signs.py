"""The 规范挂牌 checklist: a sign is marked compliant only with a photo of it."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from gongzhi.selfgov import services
from gongzhi.selfgov.models import Attachment, Sign

APRIL = datetime.date(2024, 4, 1)


def _sign(unit, compliant=True):
    return Sign(unit=unit, name="西城社区党群服务中心", is_compliant=compliant, checked_on=APRIL)


def _photo():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile("牌子.png", buffer.getvalue(), content_type="image/png")


def test_a_compliant_sign_needs_a_photo(tree, community_user):
    with pytest.raises(ValidationError) as refused:
        services.sign_check(actor=community_user, sign=_sign(tree.community_a1))
    assert refused.value.message_dict["photo"] == ["标记为符合规范时请上传牌子照片。"]
    assert not Sign.objects.exists()
    sign = services.sign_check(actor=community_user, sign=_sign(tree.community_a1), photo=_photo())
    assert [photo.name for photo in sign.photos.all()] == ["牌子.png"]


def test_a_sign_to_fix_is_recorded_without_a_photo_and_keeps_its_photo_later(
    client, tree, community_user
):
    sign = services.sign_check(actor=community_user, sign=_sign(tree.community_a1, False))
    client.force_login(community_user)
    url = reverse("selfgov:sign-edit", args=[sign.pk])
    data = {
        "unit": tree.community_a1.pk,
        "name": sign.name,
        "is_compliant": "on",
        "checked_on": "2024-05-01",
    }
    assert client.post(url, data).status_code == 200  # compliant, still no photo
    response = client.post(url, {**data, "photo": _photo()})
    assert response.status_code == 302
    sign.refresh_from_db()
    assert sign.is_compliant and Attachment.objects.filter(sign=sign).count() == 1
    listed = client.get(reverse("selfgov:sign-list")).content.decode()
    assert "牌子.png" in listed
