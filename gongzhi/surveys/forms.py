from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core.kinds import COMMUNITY_KINDS
from gongzhi.core.roles import Perm
from gongzhi.orgs.forms import ScopedModelForm
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Program
from gongzhi.surveys.models import Question, Survey
from gongzhi.surveys.selectors import communities_of

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEL = forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"})


class SurveyForm(ScopedModelForm):
    permission = Perm.MANAGE_SURVEYS

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["program"].queryset = Program.objects.visible_to(actor)

    class Meta:
        model = Survey
        fields = ["unit", "program", "title", "kind", "intro", "opens_on", "closes_on", "identity"]
        widgets = {"opens_on": DATE, "closes_on": DATE, "intro": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(forms.Form):
    section = forms.CharField(label=_("部分（选填）"), max_length=100, required=False)
    text = forms.CharField(label=_("题目"), max_length=300)
    kind = forms.ChoiceField(label=_("题型"), choices=Question.Kind.choices)
    required = forms.BooleanField(label=_("必答"), required=False, initial=True)
    choices = forms.CharField(
        label=_("选项（选择题，每行一个）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    positive = forms.CharField(
        label=_("计入比率的选项（选填）"),
        required=False,
        help_text=_(
            "知晓率、满意率按这些回答计算：选择题填选项编号，如 1,2；评分题填最低分，如 4。"
        ),
    )


class InvitationForm(forms.Form):
    count = forms.IntegerField(label=_("生成数量"), min_value=1, max_value=2000, initial=50)
    community = forms.ModelChoiceField(
        label=_("发放社区（选填）"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities_of(survey)


class AnswerForm(forms.Form):
    """The questionnaire a respondent fills in: one field a question, named q<id>."""

    def __init__(self, *args, survey, questions, code="", **kwargs):
        super().__init__(*args, **kwargs)
        communities = communities_of(survey)
        if survey.unit.kind not in COMMUNITY_KINDS:
            self.fields["community"] = forms.ModelChoiceField(
                label=_("您所在的社区"), queryset=communities
            )
        for question in questions:
            self.fields[f"q{question.pk}"] = _field(question)
        if survey.identity == Survey.Identity.PHONE:
            self.fields["phone"] = forms.CharField(
                label=_("手机号（仅用于防止重复提交，不保存号码）"), max_length=20, widget=TEL
            )
        else:
            self.fields["code"] = forms.CharField(
                label=_("邀请码"),
                max_length=8,
                initial=code,
                widget=forms.TextInput(attrs={"autocapitalize": "characters"}),
            )


def _field(question: Question):
    numbered = [(str(number), label) for number, label in enumerate(question.choices, start=1)]
    common = {"label": question.text, "required": question.required}
    if question.kind == Question.Kind.SINGLE:
        return forms.ChoiceField(choices=numbered, widget=forms.RadioSelect, **common)
    if question.kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=numbered, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == Question.Kind.SCALE:
        scale = [(str(value), str(value)) for value in range(1, 6)]
        return forms.ChoiceField(choices=scale, widget=forms.RadioSelect, **common)
    return forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}), **common)
