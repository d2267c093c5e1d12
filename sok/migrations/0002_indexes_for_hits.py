from django.db import migrations, models

# Newest hits first (sok.models.Entry.NEWEST_FIRST): `date DESC NULLS LAST, id`. SQLite
# cannot say NULLS LAST in an index, but there nulls sort first, so `date DESC` is the same
# order. Hence SQL per database, and the index is not in the model's Meta.indexes.
NEWEST = {
    "postgresql": "CREATE INDEX sok_entry_newest ON sok_entry (date DESC NULLS LAST, id)",
    "sqlite": "CREATE INDEX sok_entry_newest ON sok_entry (date DESC, id)",
}


def add_newest_index(apps, schema_editor):
    sql = NEWEST.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def drop_newest_index(apps, schema_editor):
    if schema_editor.connection.vendor in NEWEST:
        schema_editor.execute("DROP INDEX IF EXISTS sok_entry_newest")


class Migration(migrations.Migration):
    dependencies = [
        ("sok", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_newest_index, drop_newest_index, elidable=False),
        migrations.AddIndex(
            model_name="entry",
            index=models.Index(fields=["kind", "year_to"], name="sok_entry_kind_year"),
        ),
    ]
