from django import forms
from django.utils.translation import gettext_lazy as _


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
