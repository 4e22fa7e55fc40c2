"""Phones, ID numbers and names mean one thing however they are typed; personal values print
masked and give their clear text only when asked."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from gongzhi.activities.models import SignIn
from gongzhi.core import crypto
from gongzhi.core.audit import snapshot
from gongzhi.core.fields import shown_input
from gongzhi.core.masking import mask
from gongzhi.core.normalize import (
    check_id_number,
    check_phone,
    fold,
    id_check_character,
    strip_text,
)
from gongzhi.core.personal import PersonalValue
from gongzhi.core.validators import visible_name

VALID_ID = "11010519491231002X"


def test_full_width_digits_fold_to_ascii():
    assert fold("1３５０００００１７４") == "13500000174"
    assert fold("１３８－１２３４　５６７８") == "13812345678"
    assert fold("11010519491231002x") == VALID_ID


def test_full_width_and_ascii_phones_share_one_blind_index():
    assert crypto.blind_index("1３５０００００１７４") == crypto.blind_index("13500000174")
    assert crypto.blind_index(PersonalValue("13500000174", "phone")) == crypto.blind_index(
        "13500000174"
    )


@pytest.mark.parametrize(
    "phone",
    [
        "١٣٨١٢٣٤٥٦٧٨",  # Arabic-Indic digits: digits, but not ones NFKC folds to ASCII
        "१३८१२३४५६७८",  # Devanagari
        "1381234567a",
        "138123456７８x",
    ],
)
def test_other_non_ascii_digits_are_refused_naming_the_field(phone):
    with pytest.raises(ValidationError) as refused:
        check_phone(phone, label="手机号")
    assert "手机号只能由数字组成" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("phone", "landline", "ok"),
    [
        ("13812345678", False, True),
        ("1381234567", False, False),
        ("23812345678", False, False),
        ("028-12345678", False, False),
        ("028-12345678", True, True),
        ("0838-5123456", True, True),
        ("13812345678", True, True),
    ],
)
def test_phone_formats(phone, landline, ok):
    if ok:
        check_phone(phone, label="联系电话", landline=landline)
    else:
        with pytest.raises(ValidationError, match="联系电话"):
            check_phone(phone, label="联系电话", landline=landline)


def test_a_known_id_number_passes_its_checksum():
    check_id_number(VALID_ID, label="身份证号")
    check_id_number("11010519491231002x", label="身份证号")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("110105194912310021", "校验位不正确"),
        ("1101051949123100", "应为 18 位"),
        ("11010519491231002Ｙ", "只能由数字组成"),
        ("X10105194912310021", "只能由数字组成"),
    ],
)
def test_wrong_id_numbers_are_refused_naming_the_field(value, message):
    with pytest.raises(ValidationError) as refused:
        check_id_number(value, label="身份证号")
    assert refused.value.messages[0].startswith("身份证号") and message in refused.value.messages[0]


first17 = st.text(alphabet="0123456789", min_size=17, max_size=17)


@given(first17)
def test_generated_id_numbers_with_their_check_character_pass(body):
    check_id_number(body + id_check_character(body), label="身份证号")


@given(first17, st.integers(min_value=0, max_value=17), st.sampled_from("0123456789X"))
def test_changing_one_character_of_a_valid_id_is_refused(body, position, replacement):
    valid = body + id_check_character(body)
    if position < 17 and replacement == "X":
        replacement = "0"
    changed = valid[:position] + replacement + valid[position + 1 :]
    if changed == valid:
        return
    # one changed digit always changes the weighted sum mod 11 (weights are not multiples of 11)
    with pytest.raises(ValidationError):
        check_id_number(changed, label="身份证号")


@pytest.mark.parametrize("name", ["\u200b", " \u200b\u200d ", "\ufeff", "\x00", "\u3000"])
def test_invisible_names_are_refused(name):
    assert strip_text(name) == ""
    with pytest.raises(ValidationError):
        visible_name(name)


def test_names_are_trimmed_of_invisible_characters_at_both_ends():
    assert strip_text("\u200b 张三\u200d\u3000") == "张三"
    visible_name("张\u200b三")


def test_a_personal_value_prints_masked_and_reveals_on_request():
    phone = PersonalValue("13812345678", "phone")
    id_number = PersonalValue("510681199001011230", "id_number")
    assert not isinstance(phone, str)
    assert str(phone) == f"{phone}" == "138****5678" and f"{phone:>12}" == " 138****5678"
    assert phone.__html__() == "138****5678"
    assert str(id_number) == "5106**********1230"
    assert phone.reveal() == "13812345678"
    assert "13812345678" not in repr(phone)
    rendered = Template("{{ p }} {{ i }} {{ e|default:'—' }}").render(
        Context({"p": phone, "i": id_number, "e": PersonalValue("", "phone")})
    )
    assert rendered == "138****5678 5106**********1230 —"


def test_personal_values_are_equal_by_clear_value():
    assert PersonalValue("13812345678", "phone") == PersonalValue("13812345678", "phone")
    assert PersonalValue("13812345678", "phone") != PersonalValue("13812345679", "phone")
    assert PersonalValue("13812345678", "phone") != "138****5678"
    assert len({PersonalValue("13812345678", "phone"), PersonalValue("13812345678", "phone")}) == 1


def test_one_masking_helper_is_idempotent():
    assert mask("phone", "13812345678") == mask("phone", mask("phone", "13812345678"))
    assert mask("id_number", PersonalValue(VALID_ID, "id_number")) == "1101**********002X"


@pytest.mark.django_db
def test_the_field_folds_and_keeps_a_personal_value():
    from tests.activities.test_signin import make_activity

    signin = SignIn.objects.create(
        activity=make_activity(), name="李四", phone="1３８１２３４５６７８"
    )
    assert isinstance(signin.phone, PersonalValue)
    stored = SignIn.objects.get(pk=signin.pk)
    assert isinstance(stored.phone, PersonalValue) and stored.phone.reveal() == "13812345678"
    assert stored.phone_index == crypto.blind_index("13812345678")
    assert SignIn.objects.values_list("phone", flat=True).get() == stored.phone


@pytest.mark.django_db
def test_an_audit_snapshot_holds_personal_data_masked():
    from tests.activities.test_signin import make_activity

    signin = SignIn.objects.create(activity=make_activity(), name="李四", phone="13812345678")
    after = snapshot(signin)
    assert after["phone"] == "138****5678"
    assert "phone_index" not in after


def test_raw_input_of_a_personal_field_is_shown_masked_in_messages():
    from gongzhi.community.models import Volunteer

    assert shown_input(Volunteer._meta.get_field("phone"), "1３８１２３４５６７８") == "138****5678"
    assert shown_input(Volunteer._meta.get_field("id_number"), VALID_ID) == "1101**********002X"
    assert shown_input(Volunteer._meta.get_field("name"), "钱七") == "钱七"
