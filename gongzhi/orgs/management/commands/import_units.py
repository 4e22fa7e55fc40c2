from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from gongzhi.orgs.unit_import import ImportRefused, apply_units, plan_units, read_units_file

COMMAND_LABEL = "system:import_units"


class Command(BaseCommand):
    help = (
        "Import (or re-import) a unit tree with its statistics from an Excel template or a YAML "
        "file; units are matched by code, else by name under their parent. Nothing is written "
        "when any row is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="show the planned changes, write nothing"
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            with file.open("rb") as handle:
                source = read_units_file(File(handle, name=file.name), file.name)
            plan = plan_units(actor=None, source=source)
        except OSError as error:
            raise CommandError(f"{file}: {error}") from error
        except ValidationError as error:
            raise CommandError(f"{file}:\n" + "\n".join(error.messages)) from error
        except ImportRefused as error:
            raise CommandError(f"{file}:\n" + "\n".join(error.errors)) from error
        if plan.errors:
            raise CommandError(f"{file}:\n" + "\n".join(plan.errors))
        self._show(plan)
        if dry_run:
            self.stdout.write("dry run: nothing written")
            return
        apply_units(actor=None, plan=plan, source_name=file.name, actor_label=COMMAND_LABEL)
        self.stdout.write(self.style.SUCCESS("written"))

    def _show(self, plan):
        counts = plan.counts()
        self.stdout.write(
            "units: {created} to create, {updated} to update, {unchanged} unchanged; "
            "statistics: {statistics_created} to create, {statistics_updated} to update, "
            "{statistics_unchanged} unchanged".format(**counts)
        )
        summary = plan.summary(limit=len(plan.operations) + len(plan.statistics))
        for row in summary["creates"]:
            self.stdout.write(f"  + {row['path']} ({row['kind']}) {row['code']}".rstrip())
        for row in summary["updates"]:
            self.stdout.write(f"  ~ {row['path']}: {_changes(row)}")
        for row in summary["statistics"]:
            self.stdout.write(f"  # {row['path']} {row['year']}: {_changes(row)}")


def _changes(row) -> str:
    return "; ".join(f"{c['field']}: {c['before']} → {c['after']}" for c in row["changes"])
