from django.db import migrations

CODES = ["domestic-workers", "home-based-workers", "street-vendors", "waste-pickers", "market-porters", "other"]


def create_sectors(apps, schema_editor):
    Sector = apps.get_model("core", "Sector")
    for code in CODES:
        Sector.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_sectors, migrations.RunPython.noop)]
