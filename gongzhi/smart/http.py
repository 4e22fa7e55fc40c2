"""Alarms over HTTP: `POST /smart/ingest/` with the JSON payload as the body and two headers,
`X-Device-Key` (the key given at registration) and `X-Signature` (hex HMAC-SHA256 of the body
with the device's secret). 201 stored, 200 already stored (a replay), 400 refused, 401 not
authenticated; the answer is JSON with the reason."""

import hashlib
import hmac

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from gongzhi.smart.ingest import Outcome, ingest, reject
from gongzhi.smart.models import ElevatorDevice
from gongzhi.smart.services import key_hash

KEY_HEADER = "X-Device-Key"
SIGNATURE_HEADER = "X-Signature"
STATUS = {Outcome.STORED: 201, Outcome.DUPLICATE: 200, Outcome.REJECTED: 400}


def sign(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _refused(reason: str, status: int) -> JsonResponse:
    return JsonResponse({"result": "rejected", "reason": reason}, status=status)


def _device_of(key: str):
    if not key:
        return None
    devices = ElevatorDevice.objects.dangerously_unscoped(reason="a device signs in with its key")
    return devices.filter(key_hash=key_hash(key), is_active=True).first()


@csrf_exempt  # devices sign their requests; they hold no session or CSRF cookie
@require_POST
def ingest_alarm(request):
    device = _device_of(request.headers.get(KEY_HEADER, ""))
    if device is None:
        return _refused(_("设备密钥缺失或无效。"), 401)
    expected = sign(device.secret.reveal(), request.body)
    if not hmac.compare_digest(expected, request.headers.get(SIGNATURE_HEADER, "")):
        reason = _("签名不符。")
        reject(raw=request.body, channel="http", reason=reason, device=device)
        return _refused(reason, 401)
    result = ingest(request.body, channel="http", device=device)
    if result.outcome == Outcome.REJECTED:
        return _refused(result.reason, 400)
    body = {"result": result.outcome.value}
    if result.alarm is not None:
        body["id"] = result.alarm.pk
    return JsonResponse(body, status=STATUS[result.outcome])
