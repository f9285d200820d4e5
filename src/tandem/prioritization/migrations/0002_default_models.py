"""Install the weighted (active), WSJF and RICE scoring models, each with its first revision."""

from django.db import migrations

CRITERION_KEYS = ("key", "name", "side", "weight", "higher_is_better", "role", "feasibility")


def install(apps, schema_editor):
    from tandem.prioritization.defaults import default_models

    ScoringModel = apps.get_model("prioritization", "ScoringModel")
    Criterion = apps.get_model("prioritization", "Criterion")
    ModelRevision = apps.get_model("prioritization", "ModelRevision")
    if ScoringModel.objects.exists():
        return
    for spec in default_models():
        model = ScoringModel.objects.create(
            name=spec["name"],
            method=spec["method"],
            description=spec["description"],
            is_active=spec["is_active"],
        )
        rows = []
        for fields in spec["criteria"]:
            criterion = Criterion.objects.create(model=model, **fields)
            row = {key: getattr(criterion, key) for key in CRITERION_KEYS}
            row["weight"] = float(row["weight"])
            row["id"] = criterion.pk
            rows.append(row)
        ModelRevision.objects.create(
            model=model,
            number=1,
            definition={"method": model.method, "criteria": rows},
            reason="Installed with Tandem",
        )


class Migration(migrations.Migration):
    dependencies = [("prioritization", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
