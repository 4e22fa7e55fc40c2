"""Personal data inputs: a phone opens the number pad, an ID number is one line — in the
registry forms, the public sign-in form and wherever a form field is asked for (the admin)."""

import re

import pytest
from django import forms
from django.contrib import admin
from django.urls import reverse

from gongzhi.activities.forms import SignInForm
from gongzhi.community.models import Donor, Volunteer


def _input(html, name):
    match = re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*>', html)
    assert match, name
    return match.group(0)


def test_the_volunteer_form_has_a_phone_pad_and_a_one_line_id_number(client, demo, demo_users):
    client.force_login(demo_users["community"])
    html = client.get(reverse("community:volunteer-create")).content.decode()
    phone = _input(html, "phone")
    assert phone.startswith("<input") and 'type="tel"' in phone and 'inputmode="tel"' in phone
    id_number = _input(html, "id_number")
    assert id_number.startswith('<input type="text"') and "rows" not in id_number


@pytest.mark.parametrize("model, field", [(Volunteer, "phone"), (Donor, "contact_phone")])
def test_phone_fields_ask_for_the_number_pad(model, field):
    html = str(model._meta.get_field(field).formfield().widget.render(field, ""))
    assert 'type="tel"' in html and 'inputmode="tel"' in html


def test_the_sign_in_phone_asks_for_the_number_pad():
    html = str(SignInForm()["phone"])
    assert 'type="tel"' in html and 'inputmode="tel"' in html


def test_an_id_number_stays_one_line_even_where_text_fields_get_a_textarea():
    field = Volunteer._meta.get_field("id_number")
    model_admin = admin.ModelAdmin(Volunteer, admin.site)
    for formfield in (
        field.formfield(),
        field.formfield(widget=forms.Textarea),
        model_admin.formfield_for_dbfield(field, request=None),
    ):
        assert type(formfield.widget) is forms.TextInput
        assert formfield.widget.render("id_number", "").startswith('<input type="text"')
    phone = model_admin.formfield_for_dbfield(Volunteer._meta.get_field("phone"), request=None)
    assert 'type="tel"' in phone.widget.render("phone", "")
