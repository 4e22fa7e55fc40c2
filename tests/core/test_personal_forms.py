"""Every form that edits a personal field shows it masked, and keeps the stored value unless a
new one is typed: posting the form back as shown changes nothing."""

import re

import pytest
from django import forms
from django.urls import reverse

from gongzhi.community import forms as community_forms
from gongzhi.community.models import Donor, SocialOrganization, SocialWorker, Volunteer
from gongzhi.core.fields import EncryptedTextField
from gongzhi.core.roles import Role

PHONE, LANDLINE, ID_NUMBER = "13912345678", "0838-5512345", "11010519491231002X"


def _records(tree):
    unit = tree.community_a1
    return [
        Volunteer.objects.create(
            name="王芳", unit=unit, phone=PHONE, id_number=ID_NUMBER, ethnicity="回族"
        ),
        SocialWorker.objects.create(name="赵敏", unit=tree.agency_a, phone=PHONE),
        Donor.objects.create(
            name="某公司", kind="enterprise", unit=unit, contact_name="钱", contact_phone=LANDLINE
        ),
        SocialOrganization.objects.create(
            name="邻里会", unit=unit, category="charity", filing="filed", contact_phone=PHONE
        ),
    ]


def _personal_forms():
    """The registry ModelForms with a personal field (found, not listed, so none is missed)."""
    found = []
    for form_class in vars(community_forms).values():
        if isinstance(form_class, type) and issubclass(form_class, forms.ModelForm):
            meta = getattr(form_class, "_meta", None)
            model = getattr(meta, "model", None)
            if model and any(
                isinstance(f, EncryptedTextField) and f.name in form_class.base_fields
                for f in model._meta.concrete_fields
            ):
                found.append(form_class)
    return found


def _as_shown(form) -> dict:
    data = {}
    for name, bound in form.fields.items():
        value = form[name].value()
        if isinstance(bound, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(getattr(v, "pk", v)) for v in value]
        elif value is not None:
            data[name] = str(getattr(value, "pk", value))
    return data


def _secrets(obj):
    return {
        f.name: getattr(obj, f.name).reveal()
        for f in obj._meta.concrete_fields
        if isinstance(f, EncryptedTextField) and getattr(obj, f.name)
    }


def test_every_personal_form_is_checked():
    names = {form.__name__ for form in _personal_forms()}
    assert {"VolunteerForm", "WorkerForm", "DonorForm", "OrganizationForm"} <= names


@pytest.mark.parametrize("index", range(4))
def test_forms_show_masked_values_and_keep_them_when_posted_back(tree, users, index):
    record = _records(tree)[index]
    form_class = next(f for f in _personal_forms() if f._meta.model is type(record))
    office = users[Role.PROGRAM_OFFICE]
    form = form_class(instance=record, actor=office)
    html = str(form)
    stored = _secrets(record)
    assert stored and not any(clear in html for clear in stored.values())
    assert all(str(getattr(record, name)) in html for name in stored)
    bound = form_class(_as_shown(form), instance=record, actor=office)
    assert bound.is_valid(), bound.errors
    assert not set(stored) & set(bound.changed_data)
    bound.save()
    record.refresh_from_db()
    assert _secrets(record) == stored
    phone = next(name for name in stored if "phone" in name)
    typed = form_class(_as_shown(form) | {phone: "13700000000"}, instance=record, actor=office)
    assert typed.is_valid(), typed.errors
    typed.save()
    record.refresh_from_db()
    assert getattr(record, phone).reveal() == "13700000000"


def test_the_organisation_edit_page_shows_the_contact_phone_masked(client, tree, users):
    organization = _records(tree)[3]
    client.force_login(users[Role.COMMUNITY])
    html = client.get(reverse("community:org-edit", args=[organization.pk])).content.decode()
    field = re.search(r'<input[^>]*name="contact_phone"[^>]*>', html).group(0)
    assert 'value="139****5678"' in field and PHONE not in html
