from django.db import migrations, models


def seal_injuries(apps, schema_editor):
    """Injury text is medical detail: encrypt what is there before the clear column goes."""
    from minefree.core.crypto import seal

    Casualty = apps.get_model("casualties", "Casualty")
    for casualty in Casualty.objects.exclude(injuries="").iterator():
        Casualty.objects.filter(pk=casualty.pk).update(injuries_sealed=seal(casualty.injuries))


class Migration(migrations.Migration):
    dependencies = [
        ("casualties", "0002_victim_assistance"),
    ]

    operations = [
        migrations.AddField(
            model_name="casualty",
            name="injuries_sealed",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(seal_injuries, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="casualty",
            name="injuries",
        ),
    ]
