"""What the registries accept, through the same form posts people make: one volunteer per phone
however it is typed, checked ID numbers, visible names, dates within bounds, money that adds up;
and pages and forms that never put a clear phone or ID number in the HTML."""

import pytest
from django.urls import reverse

from gongzhi.activities.services import signin_record
from gongzhi.community import services
from gongzhi.community.models import (
    Donation,
    Donor,
    SocialOrganization,
    SocialWorker,
    Station,
    Volunteer,
)
from gongzhi.orgs.models import Unit
from tests.activities.test_signin import make_activity

PHONE, ID_NUMBER = "13500000174", "11010519491231002X"


@pytest.fixture
def xicheng(demo):
    return Unit.objects.get(name="西城社区")


@pytest.fixture
def keeper(client, demo_users):
    client.force_login(demo_users["community"])
    return client


def _volunteer(keeper, xicheng, **data):
    return keeper.post(
        reverse("community:volunteer-create"),
        {"name": "钱七", "unit": xicheng.pk, "phone": PHONE, "is_active": "on", **data},
    )


def test_a_full_width_phone_is_the_same_volunteer(keeper, xicheng):
    _volunteer(keeper, xicheng, phone="1３５０００００１７４")
    volunteer = Volunteer.objects.get()
    assert volunteer.phone.reveal() == PHONE
    response = _volunteer(keeper, xicheng, name="钱七七")
    assert "本社区已登记该手机号的志愿者" in str(response.context["form"].errors)
    assert Volunteer.objects.count() == 1


def test_one_volunteer_per_phone_also_through_the_service(demo_users, xicheng):
    services.volunteer_save(
        actor=demo_users["community"],
        volunteer=Volunteer(name="钱七", unit=xicheng, phone=PHONE),
        teams=[],
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="已登记该手机号"):
        services.volunteer_save(
            actor=demo_users["community"],
            volunteer=Volunteer(name="钱八", unit=xicheng, phone="１３５ ０００ ００１７４"),
            teams=[],
        )
    assert Volunteer.objects.count() == 1


def test_a_full_width_phone_signs_in_once(db):
    activity = make_activity()
    signin_record(activity=activity, name="王五", phone="1３５０００００１７４", ip=None)
    from gongzhi.activities.services import SignInRefused

    with pytest.raises(SignInRefused):
        signin_record(activity=activity, name="王五", phone=PHONE, ip=None)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "١٣٥٠٠٠٠٠١٧٤", "手机号只能由数字组成"),
        ("phone", "23500000174", "手机号应为 11 位手机号码"),
        ("id_number", "110105194912310021", "身份证号校验位不正确"),
        ("id_number", "1101051949123100٢X", "身份证号只能由数字组成"),
        ("name", "\u200b", "请填写姓名"),
    ],
)
def test_bad_personal_input_is_refused_naming_the_field(keeper, xicheng, field, value, message):
    response = _volunteer(keeper, xicheng, **{field: value})
    assert message in str(response.context["form"].errors[field])
    assert Volunteer.objects.count() == 0


def test_an_id_number_with_a_lower_case_x_is_kept_upper_case(keeper, xicheng):
    _volunteer(keeper, xicheng, id_number="11010519491231002x")
    assert Volunteer.objects.get().id_number.reveal() == ID_NUMBER


def test_a_zero_width_organisation_name_is_refused(keeper, xicheng):
    response = keeper.post(
        reverse("community:org-create"),
        {"name": "\u200b\u200b", "unit": xicheng.pk, "category": "living", "filing": "filed"},
    )
    assert "name" in response.context["form"].errors
    assert SocialOrganization.objects.count() == 0


def test_a_brand_year_out_of_bounds_is_refused(keeper, xicheng):
    response = keeper.post(
        reverse("community:org-create"),
        {
            "name": "西城邻里互助会",
            "unit": xicheng.pk,
            "category": "living",
            "filing": "filed",
            "brand_year": "99999",
        },
    )
    assert response.status_code == 200
    assert "2000 至 2100" in str(response.context["form"].errors["brand_year"])
    assert SocialOrganization.objects.count() == 0


def test_a_station_checked_in_2999_is_refused(client, demo_users):
    street = Unit.objects.get(name="雒城街道")
    client.force_login(demo_users["street"])
    response = client.post(
        reverse("community:station-create"),
        {"name": "雒城街道社工站", "kind": "town", "unit": street.pk, "checked_on": "2999-01-01"},
    )
    assert "2100-12-31" in str(response.context["form"].errors["checked_on"])
    assert Station.objects.count() == 0


@pytest.fixture
def donor(xicheng):
    return Donor.objects.create(name="西城好邻居超市", kind="merchant", unit=xicheng)


def _donate(keeper, xicheng, donor, **data):
    fields = {
        "unit": xicheng.pk,
        "kind": "money",
        "amount": "2000",
        "description": "助学金",
        "pledged_on": "2024-10-01",
        **data,
    }
    return keeper.post(reverse("community:donor-donation-add", args=[donor.pk]), fields)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"amount": "-1"}, "amount", "不能为负数"),
        ({"received_on": "2024-09-30"}, "received_on", "到位日期不能早于承诺日期"),
        ({"pledged_on": "1999-12-31"}, "pledged_on", "2000-01-01"),
        ({"received_on": "2999-01-01"}, "received_on", "2100-12-31"),
    ],
)
def test_donations_that_do_not_add_up_are_refused(keeper, xicheng, donor, data, field, message):
    response = _donate(keeper, xicheng, donor, **data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert Donation.objects.count() == 0


def test_a_donation_received_on_its_pledge_day_is_fine(keeper, xicheng, donor):
    _donate(keeper, xicheng, donor, received_on="2024-10-01")
    assert Donation.objects.get().received_on.isoformat() == "2024-10-01"


def test_the_database_refuses_a_donation_received_before_its_pledge(xicheng, donor):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Donation.objects.create(
            donor=donor,
            unit=xicheng,
            kind="money",
            amount=1,
            description="x",
            pledged_on="2024-10-01",
            received_on="2024-09-01",
        )


def test_the_edit_form_shows_the_phone_masked_and_keeps_it_when_posted_back(keeper, xicheng):
    org = SocialOrganization.objects.create(
        name="西城邻里互助会",
        unit=xicheng,
        category="living",
        filing="filed",
        contact_phone="13812345678",
    )
    url = reverse("community:org-edit", args=[org.pk])
    page = keeper.get(url).content.decode()
    assert 'value="138****5678"' in page and "13812345678" not in page
    data = {
        "name": "西城邻里互助会",
        "unit": xicheng.pk,
        "category": "charity",
        "filing": "filed",
        "contact_phone": "138****5678",
        "is_active": "on",
    }
    response = keeper.post(url, data)
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.category, org.contact_phone.reveal()) == ("charity", "13812345678")
    keeper.post(url, {**data, "contact_phone": "028-8888 6666"})  # a landline is fine here
    org.refresh_from_db()
    assert org.contact_phone.reveal() == "02888886666"
    response = keeper.post(url, {**data, "contact_phone": "139****0000"})  # not the stored one
    assert "contact_phone" in response.context["form"].errors


def test_pages_showing_personal_data_never_hold_the_clear_value(client, demo_users, xicheng):
    community = demo_users["community"]
    volunteer = Volunteer.objects.create(
        name="钱七", unit=xicheng, phone="13911112222", id_number=ID_NUMBER
    )
    org = SocialOrganization.objects.create(
        name="西城邻里互助会",
        unit=xicheng,
        category="living",
        filing="filed",
        contact_phone="13922223333",
    )
    donor = Donor.objects.create(
        name="西城好邻居超市", kind="merchant", unit=xicheng, contact_phone="13933334444"
    )
    agency = Unit.objects.get(kind="agency")
    worker = SocialWorker.objects.create(name="吴十", unit=agency, phone="13944445555")
    activity = make_activity(unit=xicheng, community=xicheng, created_by=community)
    signin_record(activity=activity, name="王五", phone="13955556666", ip=None)
    clear = ["13911112222", ID_NUMBER, "13922223333", "13933334444", "13944445555", "13955556666"]

    pages = {
        community: [
            volunteer.get_absolute_url(),
            reverse("community:volunteer-list"),
            org.get_absolute_url(),
            reverse("community:org-list"),
            reverse("community:org-edit", args=[org.pk]),
            donor.get_absolute_url(),
            reverse("community:donor-list"),
            activity.get_absolute_url(),
        ],
        demo_users["agency"]: [worker.get_absolute_url(), reverse("community:worker-list")],
    }
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert not [value for value in clear if value in html], url
    client.force_login(community)
    html = client.get(volunteer.get_absolute_url()).content.decode()
    assert "139****2222" in html and "1101**********002X" in html


def test_a_violated_constraint_speaks_chinese_not_its_name(xicheng, donor):
    from django.core.exceptions import ValidationError

    donation = Donation(
        donor=donor,
        unit=xicheng,
        kind="money",
        amount=-5,
        description="x",
        pledged_on="2024-10-01",
        received_on="2024-09-01",
    )
    with pytest.raises(ValidationError) as refused:
        donation.validate_constraints()
    messages = refused.value.messages
    assert "到位日期不能早于承诺日期。" in messages and "金额/折价不能为负数。" in messages
    assert not [m for m in messages if "donation_" in m or "Constraint" in m]
