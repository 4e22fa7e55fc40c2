"""The residents' pages (no account): raise a need from a community's QR code, follow it by its
receipt code and rate the result. They show nothing personal: no names, no phones."""

from django.core import signing
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongzhi.core.context import client_ip
from gongzhi.core.forms import run_service
from gongzhi.core.kinds import COMMUNITY_KINDS
from gongzhi.orgs.models import Unit
from gongzhi.residents import services
from gongzhi.residents.forms import FollowForm, PublicNeedForm, RateForm
from gongzhi.residents.models import Need

_SIGNER = signing.Signer(salt="gongzhi.residents.community-page")
FOLLOW_LOOKUPS_PER_WINDOW = 30  # receipt-code lookups per address per window
FOLLOW_WINDOW_SECONDS = 600


def community_page_url(community) -> str:
    """The community's public page: its address carries a signature, so pages of communities
    cannot be found by counting."""
    return reverse("residents:public-need", args=[_SIGNER.sign(str(community.pk))])


def _community(token: str) -> Unit:
    try:
        pk = int(_SIGNER.unsign(token))
    except (signing.BadSignature, ValueError) as error:
        raise Http404 from error
    unit = Unit.objects.filter(pk=pk, kind__in=COMMUNITY_KINDS, is_active=True).first()
    if unit is None:
        raise Http404
    return unit


def public_need(request, token):
    community = _community(token)
    form = PublicNeedForm(request.POST or None, request.FILES or None, community=community)
    status, done = 200, None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photos = data.pop("photos") or []
        try:
            done = run_service(
                form,
                lambda: services.need_submit_public(
                    community=community, photos=photos, ip=client_ip(request), **data
                ),
            )
        except services.TooManyNeeds:
            form.add_error(None, _("提交过于频繁，请稍后再试。"))
            status = 429
    context = {"community": community, "form": form, "done": done}
    return render(request, "residents/public_need.html", context, status=status)


def _too_many_lookups(request) -> bool:
    key = f"gongzhi.residents.follow:{client_ip(request)}"
    cache.add(key, 0, FOLLOW_WINDOW_SECONDS)
    try:
        return cache.incr(key) > FOLLOW_LOOKUPS_PER_WINDOW
    except ValueError:  # expired between add and incr
        return False


def follow(request):
    """Follow a need by its receipt code (GET ?code=), and rate it once resolved (POST)."""
    form = FollowForm(request.GET or None)
    need, rate_form, status = None, None, 200
    if form.is_bound and form.is_valid():
        if _too_many_lookups(request):
            form.add_error(None, _("查询过于频繁，请稍后再试。"))
            status = 429
        else:
            need = _need_by_code(form.cleaned_data["code"])
            if need is None:
                form.add_error("code", _("未找到该回执码，请核对后重试。"))
    if need is not None and need.state == Need.State.RESOLVED:
        rate_form = _rate(request, need)
    context = {"form": form, "need": need, "rate_form": rate_form}
    if need is not None:
        context["events"] = need.events.select_related("unit")
    return render(request, "residents/follow.html", context, status=status)


def _rate(request, need):
    """The rating form, or None once the rating is saved."""
    form = RateForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return form
    rated = run_service(form, lambda: services.need_rate(need=need, **form.cleaned_data))
    return None if rated else form


def _need_by_code(code: str):
    return (
        Need.objects.dangerously_unscoped(
            reason="a resident follows their own need by its receipt code; the page shows its "
            "steps and result, nothing personal"
        )
        .select_related("community", "category", "handler")
        .filter(receipt_code=code)
        .first()
    )
