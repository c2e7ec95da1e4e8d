"""Location and StaffLocations moved to the locations app (state only: same tables)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0012_location_moved"),
        ("appointments", "0007_print_batches_in_the_worker"),
        ("locations", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(model_name="stafflocations", name="locations"),
                migrations.AlterField(
                    model_name="openinghours",
                    name="location",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="opening_hours",
                        to="locations.location",
                        verbose_name="location",
                    ),
                ),
                migrations.AlterField(
                    model_name="appointment",
                    name="location",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="appointments",
                        to="locations.location",
                        verbose_name="location",
                    ),
                ),
                migrations.AlterField(
                    model_name="closedday",
                    name="location",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Empty: all locations are closed.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="closed_days",
                        to="locations.location",
                        verbose_name="location",
                    ),
                ),
                migrations.AlterField(
                    model_name="slotlength",
                    name="location",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="slot_lengths",
                        to="locations.location",
                        verbose_name="location",
                    ),
                ),
                migrations.RemoveField(model_name="stafflocations", name="user"),
                migrations.DeleteModel(name="Location"),
                migrations.DeleteModel(name="StaffLocations"),
            ],
        ),
    ]
