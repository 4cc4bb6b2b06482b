"""Election night (issue 9): the kecamatan running totals become one row per contest and
kecamatan with a JSON ``totals`` (choice key → sum) instead of one row per choice key. A DPR form
has ~200 choice keys; upserting a row for each was the largest part of the database's work per
form. Existing rows are folded into the new shape (and back, when migrating backwards)."""

from __future__ import annotations

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def _immediate(schema_editor: Any) -> None:
    """Check foreign keys row by row: PostgreSQL refuses the ALTER TABLEs that follow in this
    transaction while deferred trigger events of these writes are pending."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def fold(apps: Any, schema_editor: Any) -> None:
    _immediate(schema_editor)
    total = apps.get_model("results", "KecamatanTotal")
    keep: dict[tuple[int, str], Any] = {}
    extra: list[int] = []
    for row in total.objects.order_by("id").iterator():
        first = keep.get((row.contest_id, row.kec_code))
        if first is None:
            first = keep[(row.contest_id, row.kec_code)] = row
            row.totals = {}
        else:
            extra.append(row.pk)
        if row.votes:
            first.totals[row.choice] = first.totals.get(row.choice, 0) + row.votes
    for row in keep.values():
        row.save(update_fields=["totals"])
    for start in range(0, len(extra), 1000):
        total.objects.filter(pk__in=extra[start:start + 1000]).delete()


def unfold(apps: Any, schema_editor: Any) -> None:
    _immediate(schema_editor)
    total = apps.get_model("results", "KecamatanTotal")
    rows = []
    for row in total.objects.order_by("id"):
        for choice, votes in sorted(row.totals.items()):
            rows.append(total(contest_id=row.contest_id, kec_code=row.kec_code, kab_code=row.kab_code,
                              prov_code=row.prov_code, choice=choice, votes=votes, totals={}))
    total.objects.all().delete()
    total.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("results", "0003_kectotal_fillfactor_night")]

    operations = [
        migrations.RemoveConstraint(model_name="kecamatantotal", name="kectotal_unique"),
        migrations.AddField(model_name="kecamatantotal", name="totals", field=models.JSONField(default=dict)),
        migrations.RunPython(fold, unfold),
        # A default, so that migrating backwards can add the column back to existing rows.
        migrations.AlterField(model_name="kecamatantotal", name="choice", field=models.CharField(max_length=12, default="")),
        migrations.RemoveField(model_name="kecamatantotal", name="choice"),
        migrations.RemoveField(model_name="kecamatantotal", name="votes"),
        migrations.AlterField(
            model_name="kecamatantotal", name="contest",
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="results.contest")),
        migrations.AddConstraint(
            model_name="kecamatantotal",
            constraint=models.UniqueConstraint(fields=("contest", "kec_code"), name="kectotal_unique_kec")),
    ]
