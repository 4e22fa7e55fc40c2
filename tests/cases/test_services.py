"""The rules of cases and publicity records: who writes and publishes them, what a record needs,
and that every change is audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongzhi.cases import services
from gongzhi.cases.models import Case, CasePhoto, Publicity
from gongzhi.core.models import AuditEntry
from tests.cases.helpers import make_case, make_publicity, png


def _new_case(unit, **fields):
    return Case(
        title=fields.pop("title", "“红色管家”议事会"),
        unit=unit,
        type="party",
        date=datetime.date(2024, 6, 1),
        summary="做法",
        **fields,
    )


def test_a_community_writes_up_a_case_with_photos_audited(tree, community_user):
    case = services.case_save(
        actor=community_user,
        case=_new_case(tree.community_a1, tags="党建, 议事、党建"),
        photos=[png(), png("二.png")],
    )
    assert case.tags == "党建、议事"
    assert case.tag_list == ["党建", "议事"]
    assert case.created_by == community_user and not case.is_public
    photos = list(case.photos.all())
    assert len(photos) == 2 and all(photo.thumbnail for photo in photos)
    audited = AuditEntry.objects.filter(actor=community_user, action="create")
    assert audited.count() == 3  # the case and its two photos


def test_nothing_is_saved_when_a_photo_is_refused(tree, community_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    with pytest.raises(ValidationError):
        services.case_save(
            actor=community_user, case=_new_case(tree.community_a1), photos=[png(), bad]
        )
    assert not Case.objects.exists() and not CasePhoto.objects.exists()


def test_a_case_outside_the_actors_units_is_refused(tree, community_user):
    with pytest.raises(PermissionDenied):
        services.case_save(actor=community_user, case=_new_case(tree.community_b1))


def test_only_the_office_or_the_street_above_publishes(tree, office, street_user, community_user):
    case = make_case(tree.community_a1)
    with pytest.raises(PermissionDenied):
        services.case_publish(actor=community_user, case=case, public=True)
    services.case_publish(actor=street_user, case=case, public=True)
    case.refresh_from_db()
    assert case.is_public and case.published_at is not None
    services.case_publish(actor=office, case=case, public=False)
    case.refresh_from_db()
    assert not case.is_public and case.published_at is None
    messages = list(
        AuditEntry.objects.filter(object_id=str(case.pk), action="update").values_list(
            "message", flat=True
        )
    )
    assert len(messages) == 2


def test_the_street_of_another_area_cannot_publish(tree, street_user):
    case = make_case(tree.community_b1)
    assert not services.may_publish(street_user, case)


def test_a_public_case_edited_by_its_community_leaves_the_public_page(tree, community_user):
    case = make_case(tree.community_a1, public=True)
    case.summary = "改写后的做法"
    services.case_save(actor=community_user, case=case)
    case.refresh_from_db()
    assert case.summary == "改写后的做法" and not case.is_public


def test_a_public_case_edited_by_the_street_stays_public(tree, street_user):
    case = make_case(tree.community_a1, public=True)
    case.title = "新标题"
    services.case_save(actor=street_user, case=case)
    case.refresh_from_db()
    assert case.is_public


def test_a_date_out_of_bounds_names_the_field(tree, community_user):
    case = _new_case(tree.community_a1)
    case.date = datetime.date(1990, 1, 1)
    with pytest.raises(ValidationError) as error:
        services.case_save(actor=community_user, case=case)
    assert "date" in error.value.message_dict


def _new_publicity(unit, **fields):
    return Publicity(
        title="西城社区多元共治见成效",
        unit=unit,
        media="德阳日报",
        media_level="city",
        kind="report",
        date=datetime.date(2024, 9, 1),
        **fields,
    )


def test_publicity_needs_a_link_or_a_clipping(tree, community_user):
    with pytest.raises(ValidationError) as error:
        services.publicity_save(actor=community_user, publicity=_new_publicity(tree.community_a1))
    assert "link" in error.value.message_dict
    assert not Publicity.objects.exists()
    with_clipping = services.publicity_save(
        actor=community_user, publicity=_new_publicity(tree.community_a1), clippings=[png()]
    )
    assert with_clipping.clippings.count() == 1
    with_clipping.title = "改题"
    services.publicity_save(actor=community_user, publicity=with_clipping)  # the clipping stays
    with_link = services.publicity_save(
        actor=community_user,
        publicity=_new_publicity(tree.community_a1, link="https://example.com/news/1"),
    )
    assert with_link.pk and with_link.created_by == community_user


def test_publicity_links_only_to_a_case_the_actor_sees(tree, community_user):
    other = make_case(tree.community_b1)
    publicity = _new_publicity(tree.community_a1, link="https://example.com/x", case=other)
    with pytest.raises(ValidationError) as error:
        services.publicity_save(actor=community_user, publicity=publicity)
    assert "case" in error.value.message_dict


def test_a_removed_photo_is_audited(tree, community_user):
    case = services.case_save(
        actor=community_user, case=_new_case(tree.community_a1), photos=[png()]
    )
    photo = case.photos.get()
    services.photo_remove(actor=community_user, photo=photo)
    assert not case.photos.exists()
    assert AuditEntry.objects.filter(action="delete", actor=community_user).count() == 1


def test_publicity_records_appear_on_their_case(tree, community_user):
    case = make_case(tree.community_a1)
    make_publicity(tree.community_a1, case=case)
    assert case.publicity.count() == 1


def test_the_community_of_a_case_reads_the_streets_report_on_it(tree, community_user):
    case = make_case(tree.community_a1)
    report = make_publicity(tree.street_a, case=case)
    make_publicity(tree.street_a)
    assert list(Publicity.objects.visible_to(community_user)) == [report]
