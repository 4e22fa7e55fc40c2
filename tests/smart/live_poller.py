"""Polls the live alarm list (`smart:alarm-live`) as the htmx partial does, on the ingester's
database, and writes one line per answer: the wall-clock time it arrived and the alarm ids it
showed. Run by tests/bench/test_smart_bench.py:

    python -m tests.smart.live_poller <output file> <seconds between polls> <seconds in all>
"""

import re
import sys
import time

LINK = re.compile(r"/smart/alarms/(\d+)/")


def main(output: str, interval: float, duration: float) -> None:
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from gongzhi.accounts.models import RoleGrant, User
    from gongzhi.core.roles import Role
    from gongzhi.smart.models import ElevatorDevice

    setup_test_environment()
    community = ElevatorDevice.objects.dangerously_unscoped(reason="test set-up").get().community
    user = User.objects.create_user(username="live-poller", password="x" * 12, full_name="轮询")
    RoleGrant.objects.create(user=user, role=Role.COMMUNITY, unit=community)
    client, url = Client(), reverse("smart:alarm-live")
    client.force_login(user)
    end = time.time() + duration
    with open(output, "w") as lines:
        while time.time() < end:
            answer = client.get(url, headers={"HX-Request": "true"})
            shown = LINK.findall(answer.content.decode())
            lines.write(f"{time.time()} {','.join(shown)}\n")
            lines.flush()
            time.sleep(interval)  # htmx asks again this long after the swap


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), float(sys.argv[3]))
