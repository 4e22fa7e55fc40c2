"""Register an elevator's monitoring terminal in a community and print its credentials once.

    manage.py register_elevator --user jinshan --community 金山社区 --building "金山苑 1栋" \\
        --name 1号梯 --code 51068120180100001 --lat 30.97671 --lon 104.27081 --gcj02
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from gongzhi.accounts.models import User
from gongzhi.core.kinds import COMMUNITY_KINDS
from gongzhi.orgs.models import Unit
from gongzhi.smart.services import device_register, wgs84_point


class Command(BaseCommand):
    help = "Register an elevator in a community; prints its device key and HMAC secret once."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="who registers it (audited)")
        parser.add_argument("--community", required=True, help="the community's name or code")
        parser.add_argument("--building", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--code", required=True, help="the elevator's registration code")
        parser.add_argument("--lat", type=float)
        parser.add_argument("--lon", type=float)
        parser.add_argument("--gcj02", action="store_true", help="lat/lon are GCJ-02 (web maps)")

    def handle(self, *args, **options):
        actor = User.objects.filter(username=options["user"]).first()
        named = Q(name=options["community"]) | Q(code=options["community"])
        community = (
            Unit.objects.dangerously_unscoped(reason="the service checks the command's user")
            .filter(named, kind__in=COMMUNITY_KINDS)
            .first()
        )
        if actor is None or community is None:
            raise CommandError("unknown user or community")
        latitude, longitude = wgs84_point(options["lat"], options["lon"], gcj02=options["gcj02"])
        try:
            device, credentials = device_register(
                actor=actor,
                community=community,
                building=options["building"],
                name=options["name"],
                registration_code=options["code"],
                latitude=latitude,
                longitude=longitude,
            )
        except (ValidationError, PermissionDenied) as error:
            raise CommandError("; ".join(getattr(error, "messages", [str(error)]))) from error
        self.stdout.write(f"registered {device} ({device.registration_code})")
        self.stdout.write(f"device key: {credentials.device_key}")
        self.stdout.write(f"HMAC secret: {credentials.secret}")
