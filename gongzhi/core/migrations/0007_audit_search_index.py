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

    # The audit search's indexes (gongzhi.core.audit_search.INDEXES: trigrams over object and
    # message, the address as text, failed sign-in names, short object names). PostgreSQL only.
    operations = [migrations.RunPython(install, remove, elidable=False)]
