"""Expired sessions are deleted daily (django-q2 schedule), and live sessions lose the
resume codes that older versions kept in them in clear (issue 16, item 1)."""

from django.db import migrations

SCHEDULE = "delete-expired-sessions"
TASK = "portal.tasks.delete_expired_sessions"
OLD_KEY = "resume_codes"


def schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=SCHEDULE, defaults={"func": TASK, "schedule_type": "D", "repeats": -1}
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=SCHEDULE).delete()


def strip_resume_codes(apps, schema_editor):
    """Rewrite every stored session that still holds resume codes, without them."""
    from django.contrib.sessions.backends.db import SessionStore

    Session = apps.get_model("sessions", "Session")
    store = SessionStore()
    for session in Session.objects.iterator():
        data = store.decode(session.session_data)
        if OLD_KEY in data:
            data.pop(OLD_KEY)
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_encrypt_special_categories"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(schedule, unschedule),
        migrations.RunPython(strip_resume_codes, migrations.RunPython.noop),
    ]
