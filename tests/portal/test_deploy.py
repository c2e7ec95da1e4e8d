"""Production configuration: `check --deploy`, required settings, static files, compose."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml

from tests.environment import PRODUCTION_ENV, manage

BASE_DIR = Path(__file__).resolve().parents[2]


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "FIELD_ENCRYPTION_KEYS"])
def test_production_refuses_to_start_without(missing, tmp_path):
    env = dict(PRODUCTION_ENV)
    env[missing] = ""
    result = manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert f"{missing} must be set when DEBUG is off" in result.stderr


def test_demo_mode_is_refused_outside_debug(tmp_path):
    result = manage("check", env={**PRODUCTION_ENV, "DEMO_MODE": "1"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "DEMO_MODE=1 is only allowed together with DEBUG=1" in result.stderr


def test_queue_settings_refuse_a_retry_not_larger_than_the_timeout(tmp_path):
    env = {**PRODUCTION_ENV, "Q_TIMEOUT": "300", "Q_RETRY": "300"}
    result = manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "Q_RETRY must be larger than Q_TIMEOUT" in result.stderr


def test_debug_without_database_url_uses_sqlite_in_wal_mode(tmp_path):
    script = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(connection.vendor, c.fetchone()[0])"
    )
    result = manage("shell", "--no-imports", "-c", script, env={"DEBUG": "1"}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["sqlite", "wal"]
    assert (tmp_path / "portal.sqlite3").exists()


@pytest.mark.postgresql
def test_postgresql_connections_are_persistent():
    from django.conf import settings

    database = settings.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["CONN_MAX_AGE"] >= 60
    assert database["CONN_HEALTH_CHECKS"] is True


def test_collectstatic_builds_compressed_hashed_files(tmp_path):
    static_root = tmp_path / "static"
    env = {**PRODUCTION_ENV, "STATIC_ROOT": str(static_root)}
    result = manage("collectstatic", "--noinput", "-v0", env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (static_root / "staticfiles.json").exists()
    assert list((static_root / "kern").glob("kern.min.*.css.br"))
    assert list((static_root / "kern").glob("kern.min.*.css.gz"))
    assert list((static_root / "css").glob("portal.*.css"))


def compose() -> dict:
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_compose_has_database_web_worker_and_a_file_volume():
    services = compose()["services"]
    assert {"db", "web", "worker"} <= services.keys()
    assert services["db"]["image"].startswith("postgres:15")
    volumes = compose()["volumes"]
    assert "files" in volumes
    for name in ("web", "worker"):
        mounts = [str(mount) for mount in services[name].get("volumes", [])]
        assert any(mount.startswith("files:") for mount in mounts), name


def test_every_command_in_compose_exists_in_the_project():
    from django.core.management import get_commands

    commands = get_commands()
    services = compose()["services"]
    for name in ("web", "worker", "migrate"):
        argv = services[name]["command"]
        argv = shlex.split(argv) if isinstance(argv, str) else argv
        if argv[0] == "gunicorn":
            application = next(a for a in argv if ":" in a and not a.startswith("python:"))
            module, _, attribute = application.partition(":")
            path = BASE_DIR / (module.replace(".", "/") + ".py")
            assert path.exists(), path
            assert attribute in path.read_text()
        else:
            assert argv[:2] == ["python", "manage.py"], argv
            assert argv[2] in commands, argv
    dockerfile = BASE_DIR / services["web"]["build"]["dockerfile"]
    assert dockerfile.exists()
    for line in dockerfile.read_text().splitlines():
        if line.startswith("COPY") and "--from" not in line:
            for source in shlex.split(line)[1:-1]:
                assert (BASE_DIR / source).exists(), source


def test_compose_configures_by_the_documented_environment_variables():
    readme = (BASE_DIR / "README.md").read_text()
    services = compose()["services"]
    for name in ("web", "worker"):
        environment = services[name]["environment"]
        keys = (
            environment.keys()
            if isinstance(environment, dict)
            else [e.split("=")[0] for e in environment]
        )
        for key in keys:
            assert f"`{key}`" in readme, f"{key} is not documented in the README"


def test_make_run_sets_up_sqlite_and_loads_the_demo_data_twice(tmp_path):
    """`make run` on the embedded database: every migration runs on SQLite too."""
    env = {"DEBUG": "1", "DEMO_MODE": "1"}
    assert manage("migrate", "--noinput", env=env, tmp_path=tmp_path).returncode == 0
    for _run in range(2):
        result = manage("load_demo_data", env=env, tmp_path=tmp_path)
        assert result.returncode == 0, result.stderr
        for user in ("sachbearbeitung", "teamleitung", "poststelle", "einbuergerung"):
            assert f"user '{user}'" in result.stdout
    script = (
        "from locations.models import Location; from django.contrib.auth.models import User; "
        "print(Location.objects.count(), User.objects.count())"
    )
    result = manage("shell", "--no-imports", "-c", script, env=env, tmp_path=tmp_path)
    assert result.stdout.split() == ["3", "4"], result.stderr


def test_compose_scans_uploads_with_its_clamav_service():
    from portal.virus_scan import endpoint_from_address

    config = compose()
    assert config["services"]["clamav"]["image"].startswith("clamav/clamav:")
    address = config["x-portal-environment"]["CLAMD_ADDRESS"]
    assert address == "${CLAMD_ADDRESS:-clamav:3310}"
    assert endpoint_from_address("clamav:3310").host == "clamav"
    assert config["x-portal-environment"]["FIELD_ENCRYPTION_KEYS"].startswith("${FIELD_")


def test_compose_runs_the_queue_on_its_redis_service():
    config = compose()
    services = config["services"]
    assert services["redis"]["image"].startswith("redis:7")
    assert "--requirepass" in services["redis"]["command"]
    broker = config["x-portal-environment"]["Q_BROKER_URL"]
    assert "@redis:6379/0" in broker
    assert broker.startswith("redis://:${REDIS_PASSWORD")
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "redis" in config["volumes"]


def test_the_image_holds_every_app_of_the_project():
    from django.apps import apps

    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    for config in apps.get_app_configs():
        if Path(config.path).parent == BASE_DIR:
            assert f"COPY {config.label} {config.label}" in dockerfile, config.label
