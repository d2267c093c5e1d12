"""Reference data: the topics of helse- og omsorgstenestelova § 6-2 (avtaler/reference.py)."""

from django.db import migrations

from avtaler.reference import ensure_topics


def load(apps, schema_editor):
    ensure_topics(apps.get_model("avtaler", "StatutoryTopic"))


class Migration(migrations.Migration):
    dependencies = [("avtaler", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
