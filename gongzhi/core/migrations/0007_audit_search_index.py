from django.db import migrations

from gongzhi.core.audit_search import install_search_index, remove_search_index


def install(apps, schema_editor):
    install_search_index(schema_editor.connection)


def remove(apps, schema_editor):
    remove_search_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_audit_action_reveal"),
    ]

    # A trigram index over the text the audit search reads (PostgreSQL; nothing elsewhere).
    operations = [migrations.RunPython(install, remove, elidable=False)]
