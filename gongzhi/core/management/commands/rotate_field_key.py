"""Re-encrypt every personal value under GZ_FIELD_KEY (and GZ_FIELD_CIPHER).

Put the previous key in GZ_FIELD_KEYS_OLD and the new one in GZ_FIELD_KEY, keep GZ_INDEX_KEY,
restart, then run this. It works in batches (one transaction each) and can be stopped and run
again: values already under the current key are skipped. When it reports 0 values under other
keys, the old key can be removed from GZ_FIELD_KEYS_OLD."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongzhi.core.audit import Action, audit_record
from gongzhi.core.crypto import keyring
from gongzhi.core.rotation import encrypted_fields, rotate_all, stored_key_ids


class Command(BaseCommand):
    help = "Re-encrypt personal data under the current field key, in resumable batches."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--reindex",
            action="store_true",
            help="walk every row and rewrite blind indexes (after GZ_INDEX_KEY changed)",
        )

    def handle(self, *args, batch_size, reindex, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        current = keyring().current.key_id
        self.stdout.write(f"Current key: {current}")
        tally = rotate_all(batch_size=batch_size, reindex=reindex, progress=self._progress)
        self.stdout.write(
            f"Re-encrypted {tally.rotated}, already current {tally.current}, "
            f"indexes rewritten {tally.reindexed}, unreadable {tally.unreadable}."
        )
        left = self._left_under_other_keys(current)
        self.stdout.write(f"Values under other keys: {left}.")
        audit_record(
            actor=None,
            actor_label="rotate_field_key",
            action=Action.UPDATE,
            message=_(
                "字段密钥轮换至 %(key)s：重新加密 %(rotated)d 项，重建索引 %(reindexed)d 项，"
                "仍在其他密钥下 %(left)d 项"
            )
            % {
                "key": current,
                "rotated": tally.rotated,
                "reindexed": tally.reindexed,
                "left": left,
            },
        )
        if tally.unreadable:
            raise CommandError(
                f"{tally.unreadable} values open with no configured key: "
                "add the key that sealed them to GZ_FIELD_KEYS_OLD and run again."
            )

    def _progress(self, model, done, total):
        self.stdout.write(f"  {model._meta.label}: {done}/{total}")

    @staticmethod
    def _left_under_other_keys(current) -> int:
        left = 0
        for model, fields in encrypted_fields():
            counts = stored_key_ids(model, fields)
            left += sum(n for key_id, n in counts.items() if key_id != current)
        return left
