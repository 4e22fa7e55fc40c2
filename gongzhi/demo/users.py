"""Demo accounts, one per role (idempotent: an existing account is left as it is)."""

from pathlib import Path

from django.db import transaction

from gongzhi.accounts.models import RoleGrant, User
from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.roles import Role
from gongzhi.orgs.loader import LOADER_LABEL, FixtureError, read_yaml, unit_at


def load_demo_users(path: Path) -> list[dict]:
    """Create the demo accounts listed in `path`; returns username, password, role, unit rows."""
    data = read_yaml(path)
    password = data["password"]
    rows = []
    with transaction.atomic():
        for index, entry in enumerate(data.get("users", [])):
            if entry.get("role") not in Role.values:
                raise FixtureError(f"{path}: users[{index}].role: unknown role {entry.get('role')}")
            unit = unit_at(entry["unit"])
            user, created = User.objects.get_or_create(
                username=entry["username"], defaults={"full_name": entry["full_name"]}
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password", "password_changed_at"])
                audit_record(
                    actor=None,
                    actor_label=LOADER_LABEL,
                    action=Action.CREATE,
                    obj=user,
                    unit=unit,
                    after=snapshot(user),
                )
            RoleGrant.objects.get_or_create(user=user, role=entry["role"], unit=unit)
            rows.append(
                {
                    "username": user.username,
                    "password": password,
                    "role": Role(entry["role"]).label,
                    "unit": unit.name,
                }
            )
    return rows
