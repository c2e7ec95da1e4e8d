"""The production web server: gunicorn with the portal's configuration, as a real process."""

from __future__ import annotations

import shlex
import subprocess
import time
import urllib.request

import pytest
import yaml
from django.db import connection

from tests.environment import BASE_DIR, base_environment, database_url_of
from tests.redis_server import free_port

GUNICORN = str(BASE_DIR / ".venv/bin/gunicorn")
CONFIG = "python:portal.gunicorn_conf"


def served_commands() -> list[list[str]]:
    compose = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
    commands = [compose["services"]["web"]["command"]]
    for line in (BASE_DIR / "Dockerfile").read_text().splitlines():
        if line.startswith("CMD"):
            commands.append(yaml.safe_load(line.removeprefix("CMD")))
    return [shlex.split(c) if isinstance(c, str) else c for c in commands]


def test_compose_and_the_image_start_gunicorn_with_the_portal_configuration():
    commands = served_commands()
    assert len(commands) == 2
    for argv in commands:
        assert argv[0] == "gunicorn"
        assert argv[argv.index("--config") + 1] == CONFIG, argv


@pytest.mark.django_db
def test_a_worker_freezes_its_start_up_and_serves_pages(tmp_path):
    port = free_port()
    env = base_environment(tmp_path)
    env.update({"DEBUG": "1", "DATABASE_URL": database_url_of(connection.settings_dict)})
    server = subprocess.Popen(
        [
            GUNICORN,
            *("--config", CONFIG, "portal.wsgi:application"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "debug"),
        ],
        cwd=BASE_DIR,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        response = None
        for _attempt in range(150):
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/impressum/", timeout=5)
                break
            except OSError:
                time.sleep(0.1)
        assert response is not None, "gunicorn did not answer"
        assert response.status == 200
        assert "Impressum" in response.read().decode()
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[1]
    frozen = [line for line in log.splitlines() if "froze" in line]
    assert len(frozen) == 1, log
    count = int(frozen[0].split("froze ")[1].split()[0])
    # Django, the admin and every view module: far more than a bare interpreter's.
    assert count > 50_000, frozen
