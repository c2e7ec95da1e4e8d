"""Locations and staff locations move here from the appointments app.

Only the models' state moves: the tables keep their names (``db_table``), so
no row is copied. The content types are renamed, so that permissions and the
admin's log entries keep pointing at the same models.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("location", "stafflocations")


def rename_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if ContentType.objects.filter(app_label="locations", model=model).exists():
            continue
        ContentType.objects.filter(app_label="appointments", model=model).update(
            app_label="locations"
        )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        ContentType.objects.filter(app_label="locations", model=model).update(
            app_label="appointments"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("appointments", "0007_print_batches_in_the_worker"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Location",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(max_length=150, unique=True, verbose_name="name"),
                        ),
                        (
                            "street",
                            models.CharField(max_length=150, verbose_name="street and number"),
                        ),
                        (
                            "postcode",
                            models.CharField(
                                max_length=5,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        "^[0-9]{5}$", "Enter a German postcode of five digits."
                                    )
                                ],
                                verbose_name="postcode",
                            ),
                        ),
                        ("town", models.CharField(max_length=100, verbose_name="town")),
                        (
                            "phone",
                            models.CharField(blank=True, max_length=40, verbose_name="phone"),
                        ),
                        ("kinds", models.JSONField(default=list, verbose_name="request kinds")),
                        (
                            "postcode_prefixes",
                            models.JSONField(
                                blank=True, default=list, verbose_name="postcode prefixes"
                            ),
                        ),
                        ("active", models.BooleanField(default=True, verbose_name="active")),
                        ("is_demo", models.BooleanField(default=False, verbose_name="demo data")),
                        (
                            "created",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        ("updated", models.DateTimeField(auto_now=True, verbose_name="updated")),
                    ],
                    options={
                        "verbose_name": "location",
                        "verbose_name_plural": "locations",
                        "db_table": "appointments_location",
                        "ordering": ["name"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("postcode__regex", "^[0-9]{5}$")),
                                name="location_postcode_five_digits",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("name", ""), _negated=True),
                                name="location_name_not_empty",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="StaffLocations",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "locations",
                            models.ManyToManyField(
                                blank=True,
                                db_table="appointments_stafflocations_locations",
                                to="locations.location",
                                verbose_name="locations",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="staff_locations",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="staff member",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "locations of a staff member",
                        "verbose_name_plural": "locations of staff members",
                        "db_table": "appointments_stafflocations",
                    },
                ),
            ],
        ),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
