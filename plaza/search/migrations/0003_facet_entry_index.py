from django.db import migrations, models


class Migration(migrations.Migration):
    """Facet rows by entry (covering): facet counts walk the matches, not the facet table."""

    dependencies = [("search", "0002_term_index")]

    operations = [
        migrations.AddIndex(
            model_name="searchfacet",
            index=models.Index(fields=["entry", "name", "value"], name="search_facet_entry"),
        ),
    ]
