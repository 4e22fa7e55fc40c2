from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from gongzhi.core.roles import GRANT_KINDS, Perm, Role
from gongzhi.orgs.forms import UnitChoiceField
from gongzhi.orgs.models import Unit


def manageable_units(user):
    """Units the user may give roles on: a grant form lists these (never a grid, where no role
    may be held: most units of a city or a province are grids)."""
    units = Unit.objects.editable_by(user, Perm.MANAGE_USERS)
    return units.filter(is_active=True, kind__in=GRANT_KINDS)


class GrantForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    unit = UnitChoiceField(label=_("所在单位"), queryset=Unit.objects.none())

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = manageable_units(actor)


class UserCreateForm(GrantForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    password = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput(render_value=False),
        help_text=password_validators_help_text_html(),
    )
    field_order = ["username", "full_name", "email", "password", "role", "unit"]


class UserUpdateForm(forms.Form):
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    is_active = forms.BooleanField(label=_("允许登录"), required=False)


class PasswordResetByAdminForm(forms.Form):
    password1 = forms.CharField(
        label=_("新密码"),
        widget=forms.PasswordInput,
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(label=_("再次输入新密码"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class PhoneCodeForm(forms.Form):
    """A code from the phone's authenticator app."""

    otp_token = forms.CharField(
        label=_("6 位动态口令"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )


class LoginCodeForm(forms.Form):
    """The login's second step: a phone code, or one of the recovery codes."""

    otp_token = forms.CharField(
        label=_("动态口令"),
        max_length=20,
        help_text=_(
            "打开手机上的身份验证器，输入“共治”显示的 6 位数字；手机不在身边时可输入一个恢复码。"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )
