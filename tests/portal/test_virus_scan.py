"""Virus scanning with a real clamd, failing closed (SECURITY-BAR.md line 17).

clamd from Debian's clamav-daemon runs here with a signature database of one
line: the EICAR test string as a body signature. ClamAV's official databases
cannot be downloaded on this machine, and they would make the daemon start
for a minute; the protocol, the daemon and the verdicts are the real ones.
"""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import Upload
from applications.views import JOURNEYS
from portal import virus_scan
from portal.uploads import check_upload
from portal.virus_scan import Endpoint, endpoint_from_address
from tests.factories import DraftFactory, draft_open
from tests.journeys import step_answers, step_url
from tests.portal.upload_pages import CATALOG, PAGE, handmade_pdf
from tests.sample_files import tiny_pdf

CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"
# The standard anti-virus test string (eicar.org); harmless, every scanner knows it.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE = "Portal.Test.EICAR"
KIND = "renewal"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Clamd:
    def __init__(self, folder: Path):
        self.folder = folder
        self.socket = folder / "clamd.sock"
        self.port = free_port()
        database = folder / "db"
        database.mkdir()
        (database / "portal-test.ndb").write_text(f"{SIGNATURE}:0:*:{EICAR.hex()}\n")
        self.config = folder / "clamd.conf"
        self.config.write_text(
            "Foreground yes\n"
            f"LocalSocket {self.socket}\n"
            f"TCPSocket {self.port}\n"
            "TCPAddr 127.0.0.1\n"
            f"DatabaseDirectory {database}\n"
            f"LogFile {folder / 'clamd.log'}\n"
            f"PidFile {folder / 'clamd.pid'}\n"
            "StreamMaxLength 20M\n"
        )
        self.process = subprocess.Popen(
            [CLAMD, "-c", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait()

    def _wait(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"clamd ended: {self.log()}")
            try:
                with socket.socket(socket.AF_UNIX) as probe:
                    probe.connect(str(self.socket))
                    probe.sendall(b"nPING\n")
                    if probe.recv(16).startswith(b"PONG"):
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"clamd did not answer within {timeout} s: {self.log()}")

    def log(self) -> str:
        path = self.folder / "clamd.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def clamd():
    if not Path(CLAMD).exists():
        pytest.fail(
            f"clamd not found at {CLAMD}. Install Debian's clamav-daemon "
            "(scripts/system-deps.sh test does); the virus-scan tests do not skip."
        )
    with tempfile.TemporaryDirectory(prefix="portal-clamd-") as folder:
        daemon = Clamd(Path(folder))
        try:
            yield daemon
        finally:
            daemon.stop()


@pytest.fixture
def scanning(settings, clamd):
    settings.CLAMD_ADDRESS = str(clamd.socket)
    settings.CLAMD_TIMEOUT = 10
    return clamd


def pdf_with_eicar() -> bytes:
    """A valid PDF, accepted by every content check, that carries the test string."""
    stream = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(EICAR), EICAR)
    return handmade_pdf(CATALOG, PAGE, stream)


def upload(data: bytes, name: str = "pass.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


# --- The verdicts of a real clamd -----------------------------------------------------------


def test_the_test_pdf_is_a_pdf_the_content_checks_accept(settings):
    settings.CLAMD_ADDRESS = ""
    assert EICAR in pdf_with_eicar()
    assert check_upload(upload(pdf_with_eicar())).kind == "pdf"


def test_clamd_finds_the_eicar_string_in_an_otherwise_valid_pdf(scanning):
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(pdf_with_eicar()))
    assert refused.value.code == "malware"
    assert "Virenscanner" in str(refused.value.message)


def test_a_clean_file_passes_the_scan(scanning):
    assert check_upload(upload(tiny_pdf())).kind == "pdf"


def test_clamd_over_tcp_gives_the_same_verdicts(settings, clamd):
    settings.CLAMD_ADDRESS = f"127.0.0.1:{clamd.port}"
    assert virus_scan.malware_in(tiny_pdf()) is None
    assert virus_scan.malware_in(pdf_with_eicar()).startswith(SIGNATURE)
    assert virus_scan.ping()


@pytest.mark.django_db
def test_an_infected_upload_is_refused_next_to_its_field_and_nothing_is_stored(
    client, scanning, caplog
):
    draft_open(
        client, DraftFactory(kind=KIND, at_step="documents", at_step__answers=step_answers())
    )
    infected = io.BytesIO(pdf_with_eicar())
    infected.name = "pass.pdf"
    response = client.post(
        step_url(KIND, "documents"),
        {
            f"{JOURNEYS[KIND].journey}-current_step": "documents",
            "documents-file_passport": infected,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file_passport"]
    assert any("Virenscanner" in error for error in errors), errors
    assert "Virenscanner" in response.content.decode()  # in the error summary and at the field
    assert not Upload.objects.exists()
    assert f"malware found signature={SIGNATURE}" in caplog.text


# --- Failing closed ------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_unreachable_scanner_refuses_the_upload_and_says_to_try_again(
    client, settings, tmp_path
):
    settings.CLAMD_ADDRESS = str(tmp_path / "no-clamd-here.sock")
    draft_open(
        client, DraftFactory(kind=KIND, at_step="documents", at_step__answers=step_answers())
    )
    clean = io.BytesIO(tiny_pdf())
    clean.name = "pass.pdf"
    response = client.post(
        step_url(KIND, "documents"),
        {f"{JOURNEYS[KIND].journey}-current_step": "documents", "documents-file_passport": clean},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file_passport"]
    assert any("nicht auf Viren geprüft" in error for error in errors), errors
    assert not Upload.objects.exists()


class SilentPeer:
    """A socket that accepts clamd commands and answers ``reply`` (or nothing)."""

    def __init__(self, reply: bytes | None):
        self.reply = reply
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        connection, _ = self.server.accept()
        with connection:
            connection.settimeout(5)
            received = b""
            while not received.endswith(b"\x00\x00\x00\x00"):
                chunk = connection.recv(65536)
                if not chunk:
                    return
                received += chunk
            if self.reply is None:
                time.sleep(3)  # longer than the client's timeout
            else:
                connection.sendall(self.reply)

    def close(self) -> None:
        self.server.close()


@pytest.mark.parametrize(
    "reply",
    [
        None,
        b"INSTREAM size limit exceeded. ERROR\n",
        b"stream: Can't allocate memory ERROR\n",
        b"",
        b"gibberish\n",
    ],
    ids=["no answer", "size limit", "clamd error", "connection closed", "nonsense"],
)
def test_no_clear_verdict_means_the_file_is_refused(settings, reply):
    peer = SilentPeer(reply)
    settings.CLAMD_ADDRESS = f"127.0.0.1:{peer.port}"
    settings.CLAMD_TIMEOUT = 1
    try:
        with pytest.raises(ValidationError) as refused:
            check_upload(upload(tiny_pdf()))
    finally:
        peer.close()
    assert refused.value.code == "scan_unavailable"


def test_without_an_address_nothing_is_scanned(settings):
    settings.CLAMD_ADDRESS = ""
    assert not virus_scan.enabled()
    assert check_upload(upload(pdf_with_eicar())).kind == "pdf"


# --- Configuration -------------------------------------------------------------------------

ADDRESSES = {
    "/run/clamav/clamd.ctl": Endpoint(unix_path="/run/clamav/clamd.ctl"),
    "unix:///run/clamav/clamd.ctl": Endpoint(unix_path="/run/clamav/clamd.ctl"),
    "clamav:3310": Endpoint(host="clamav", port=3310),
    "tcp://10.0.0.5:3310": Endpoint(host="10.0.0.5", port=3310),
    " 127.0.0.1:3310 ": Endpoint(host="127.0.0.1", port=3310),
}


@pytest.mark.parametrize(("address", "endpoint"), ADDRESSES.items(), ids=list(ADDRESSES))
def test_endpoint_from_address(address, endpoint):
    assert endpoint_from_address(address) == endpoint


@pytest.mark.parametrize(
    "address", ["clamav", "clamav:", "clamav:port", ":3310", "clamav:70000", "unix://relative"]
)
def test_an_unclear_address_is_a_configuration_error(address, settings):
    with pytest.raises(ImproperlyConfigured, match="CLAMD_ADDRESS"):
        endpoint_from_address(address)
    settings.CLAMD_ADDRESS = address
    assert "portal.E001" in [message.id for message in run_checks()]


def test_deploy_check_warns_when_no_scanner_is_configured(settings):
    settings.CLAMD_ADDRESS = ""
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert "portal.W002" in ids
    settings.CLAMD_ADDRESS = "clamav:3310"
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert "portal.W002" not in ids


@pytest.mark.django_db
def test_the_health_check_reports_the_scanner_without_failing_the_portal(
    client, settings, clamd, tmp_path
):
    settings.CLAMD_ADDRESS = str(clamd.socket)
    assert client.get("/healthz").json()["virus_scanner"] == "ok"
    settings.CLAMD_ADDRESS = str(tmp_path / "gone.sock")
    assert client.get("/healthz").json()["virus_scanner"] == "unreachable"
    settings.CLAMD_ADDRESS = ""
    assert "virus_scanner" not in client.get("/healthz").json()
