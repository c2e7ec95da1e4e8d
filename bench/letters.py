"""Letter benchmark: invitation letters per second, a print batch of 1,000, peak memory.

    .venv/bin/python bench/letters.py [--single 40] [--batch 1000] [--side-by-side 60]

Three stages, each in its own fresh process so that its peak memory is its own:

- ``bare``: a bare WeasyPrint render (``weasyprint.HTML(string=...).write_pdf()``,
  default options, one ``FontConfiguration`` shared by every document, as the
  letters share theirs) of the invitation's text in plain flow, one request in
  ten with the English page like the letters (``BARE_HTML``): the fair baseline;
- ``single``: ``appointments.letters.invitation_pdf`` with realistic, varied
  facts (names with diacritics, kinds, fees, one request in ten in English,
  which adds a page), one letter at a time;
- ``batch``: what the worker and the print queue do for ``--batch`` letters:
  each rendered and stored (``letters.letter_store``), then merged into one
  PDF like the print queue (``appointments.printing.merge_letters`` into
  ``files.store``), timed; then the merge again under tracemalloc for
  its peak of Python allocations;
- ``side_by_side``: the bare render and the letter of the same request
  alternating in one process, ``--side-by-side`` pairs: the ratio the README
  reports, which a change of the machine's load between stages cannot move.

Memory: ``ru_maxrss`` (peak resident set of the stage's process) and
tracemalloc's peak during the merge. Timings are printed as ratios to the
bare render of the same run, so they hold across machines. Needs no database:
files go to a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))

BERLIN = ZoneInfo("Europe/Berlin")
GIVEN = ["Ayşe", "Mehmet", "Olena", "Nguyễn Thị", "José María", "Aleksandra", "Chidi", "Björn"]
SURNAMES = ["Yılmaz", "Kovalenko", "Nguyễn", "García Pérez", "Wiśniewska", "Okafor", "Müller"]
STREETS = ["Äußere Laufer Gasse", "Fürther Straße", "Allersberger Straße", "Königstraße"]
KINDS = ["renewal", "issue", "family_reunification", "change_of_conditions", "naturalisation"]

# The bare render's letter: the text of the invitation (letterhead, return
# address, recipient, information block, subject, body, closing; for one
# request in ten the English page) in plain flow: no DIN 5008 positioning, no
# images, no embedded font (the system's sans-serif), no tags. What the
# invitation costs beyond it is what its form requires. (Until 2 December
# 2026 this letter had about half the invitation's text.)
BARE_HTML = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Brief</title>
<style>@page {{ size: A4; margin: 20mm 20mm 20mm 25mm; }}
body {{ font-family: sans-serif; font-size: 10.5pt; line-height: 1.35; }}
h1, h2 {{ font-size: 10.5pt; margin: 3mm 0 2mm; }} p, ul, table {{ margin: 0 0 2mm; }}
.small {{ font-size: 7pt; }} th {{ text-align: left; font-weight: normal; }}
.page {{ break-before: page; }}</style>
</head><body><p>Stadt Nürnberg</p><p>Amt für Migration und Integration</p>
<p class="small">Stadt Nürnberg · Amt für Migration und Integration<br>
Äußere Laufer Gasse 25 · 90403 Nürnberg</p>
<p>{name}<br>{street}<br>{postcode} Nürnberg</p>
<table><tr><th>Vorgangsnummer</th><td>{reference}</td></tr><tr><th>Datum</th><td>29.05.2026</td></tr>
<tr><th>Telefon</th><td>0911 000000</td></tr><tr><th>Anschrift</th><td>Äußere Laufer Gasse 25<br>
90403 Nürnberg</td></tr></table>
<h1>Einladung zu Ihrem Termin</h1><p>Guten Tag {name},</p>
<p>für Ihren Antrag „Verlängerung“ (Vorgangsnummer {reference}) liegen alle erforderlichen
Unterlagen vor. Wir laden Sie deshalb zu einem persönlichen Termin ein:</p>
<table><tr><th>Datum</th><td>Montag, 8. Juni 2026</td></tr><tr><th>Uhrzeit</th>
<td>09:30 Uhr</td></tr><tr><th>Ort</th><td>Demo-Standort Nord (fiktiv)<br>Musterstraße 1, 00000
Musterstadt</td></tr></table>
<p>Bitte kommen Sie pünktlich und bringen Sie mit:</p><ul><li>Ihren gültigen Pass oder
Passersatz,</li><li>ein aktuelles biometrisches Passfoto,</li><li>die Originale aller Unterlagen,
die Sie für Ihren Antrag eingereicht haben,</li><li>die Gebühr: die Gebühr wird im Verfahren
festgesetzt. Sie bezahlen sie beim Termin vor Ort. Welche Zahlungsarten der Standort annimmt,
erfahren Sie unter Telefon 0911 000000.</li></ul>
<p>Bringen Sie bitte eine Person zum Übersetzen mit, wenn Sie nicht ausreichend Deutsch
sprechen oder verstehen.</p><h2>Termin absagen oder verschieben</h2><p>Wenn Sie den Termin nicht
wahrnehmen können, sagen Sie ihn bitte online ab oder verschieben Sie ihn:
portal.example.org/termin/</p><p>Dafür brauchen Sie Ihre Vorgangsnummer {reference} und Ihren
persönlichen Code 7Q4M-9TXC-2K8R-4. Bewahren Sie diesen Brief gut auf: Wer den Code kennt, kann
den Termin absagen oder verschieben.</p><p>Mit freundlichen Grüßen</p>
<p>Amt für Migration und Integration</p><p class="small">Dieses Schreiben wurde elektronisch
erstellt und ist ohne Unterschrift gültig.</p>{english}</body></html>"""

BARE_ENGLISH = """<section class="page" lang="en"><h1>Invitation to your appointment</h1>
<p>English translation for your information. The German letter is the official one.</p>
<p>Dear {name},</p><p>all required documents for your application “Renewal” (reference
{reference}) are now available. We therefore invite you to an appointment in person:</p>
<table><tr><th>Date</th><td>Monday, 8 June 2026</td></tr><tr><th>Time</th><td>09:30</td></tr>
<tr><th>Place</th><td>Demo-Standort Nord (fiktiv)<br>Musterstraße 1, 00000 Musterstadt</td></tr>
</table><p>Please be on time and bring with you:</p><ul><li>your valid passport or passport
substitute,</li><li>a recent biometric passport photo,</li><li>the originals of all documents you
submitted with your application,</li><li>the fee: the fee is set in the procedure. You pay it at
the appointment. To ask which ways of payment the location accepts, call 0911 000000.</li></ul>
<p>If you do not speak or understand German well enough, please bring a person who can interpret
for you.</p><h2>Cancel or move the appointment</h2><p>If you cannot come, please cancel or move
the appointment online: portal.example.org/termin/. You need your reference {reference} and your
personal code 7Q4M-9TXC-2K8R-4. Keep this letter safe: anyone who knows the code can cancel or
move the appointment.</p><p>Kind regards</p><p>Amt für Migration und Integration (Nürnberg)</p>
</section>"""


def bare_html(index: int, rng: random.Random) -> str:
    """The bare letter for the ``index``-th request: English page as in realistic_facts."""
    name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
    reference = f"B{index:07d}-X"
    english = BARE_ENGLISH.format(name=name, reference=reference) if index % 10 == 3 else ""
    return BARE_HTML.format(
        name=name,
        street=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
        postcode=f"904{rng.randint(0, 99):02d}",
        reference=reference,
        english=english,
    )


def setup(files: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ["FILE_STORAGE_ROOT"] = files
    import django

    django.setup()


def realistic_facts(index: int, rng: random.Random):
    from appointments import letters

    name = rng.choice(GIVEN), rng.choice(SURNAMES)
    starts = datetime(2026, 6, 8, 8, 0, tzinfo=BERLIN) + timedelta(
        days=index % 40, minutes=30 * (index % 8)
    )
    return letters.InvitationFacts(
        reference=f"B{index:07d}-X",
        given_names=name[0],
        surname=name[1],
        street=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
        address_extra="c/o Familie Schmidt" if index % 7 == 0 else "",
        postcode=f"904{rng.randint(0, 99):02d}",
        town="Nürnberg",
        kind=rng.choice(KINDS),
        starts_at=starts,
        location_name="Demo-Standort Nord (fiktiv)",
        location_street="Musterstraße 1",
        location_postcode="00000",
        location_town="Musterstadt",
        location_phone="0911 000000",
        fee=rng.choice([Decimal("93.00"), Decimal("100.00"), Decimal("255.00"), None]),
        must_bring_sponsor=index % 5 == 0,
        language="en" if index % 10 == 3 else "de",
        code="7Q4M-9TXC-2K8R-4",
        today=date(2026, 5, 29),
    )


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def stage_bare(count: int) -> dict:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    # One font configuration for every document, like portal.pdf: a new one
    # per document would charge the baseline with work the letters never do.
    fonts = FontConfiguration()
    rng = random.Random(1)
    weasyprint.HTML(string=bare_html(0, rng)).write_pdf(font_config=fonts)
    rss_before = max_rss_mb()
    started = time.perf_counter()
    size = 0
    for index in range(count):
        size += len(weasyprint.HTML(string=bare_html(index, rng)).write_pdf(font_config=fonts))
    seconds = time.perf_counter() - started
    return {
        "per_doc": seconds / count,
        "bytes": size / count,
        "rss_mb": max_rss_mb(),
        "rss_before_mb": rss_before,
    }


def stage_single(count: int) -> dict:
    from appointments import letters

    rng = random.Random(2)
    letters.invitation_pdf(realistic_facts(0, rng))  # fonts, templates: once per process
    rss_before = max_rss_mb()
    started = time.perf_counter()
    size = 0
    for index in range(count):
        size += len(letters.invitation_pdf(realistic_facts(index, rng)))
    seconds = time.perf_counter() - started
    return {
        "per_doc": seconds / count,
        "bytes": size / count,
        "rss_mb": max_rss_mb(),
        "rss_before_mb": rss_before,
    }


def stage_batch(count: int) -> dict:
    from django.core.files.base import File
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from appointments import letters, printing

    rng = random.Random(3)
    letters.invitation_pdf(realistic_facts(0, rng))
    now = timezone.now()
    started = time.perf_counter()
    names = []
    for index in range(count):
        names.append(
            letters.letter_store(letters.invitation_pdf(realistic_facts(index, rng)), now=now)
        )
    rendered = time.perf_counter() - started
    stored_bytes = sum(default_storage.size(name) for name in names)
    rss_after_render = max_rss_mb()

    # What the worker's task does (files.store with the encrypting
    # storage): merge into a temporary file, then store that file, which the
    # storage encrypts as one Fernet token. Measured apart: the merge streams,
    # the encryption holds the batch file in memory.
    with tempfile.TemporaryFile() as spool:
        started = time.perf_counter()
        pages = printing.merge_letters(iter(names), spool)
        merged = time.perf_counter() - started
        rss_after_merge = max_rss_mb()
        spool.seek(0)
        started = time.perf_counter()
        batch = default_storage.save(printing.batch_file_name(now), File(spool, name="batch.pdf"))
        stored = time.perf_counter() - started
    rss_after_store = max_rss_mb()
    batch_bytes = default_storage.size(batch)

    # The merge again, under tracemalloc: its peak of Python allocations.
    with tempfile.TemporaryFile() as target:
        tracemalloc.start()
        printing.merge_letters(iter(names), target)
        _current, merge_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {
        "letters": count,
        "pages": pages,
        "render_seconds": rendered,
        "merge_seconds": merged,
        "store_seconds": stored,
        "stored_bytes": stored_bytes,
        "batch_bytes": batch_bytes,
        "rss_after_render_mb": rss_after_render,
        "rss_after_merge_mb": rss_after_merge,
        "rss_after_store_mb": rss_after_store,
        "merge_traced_peak_mb": merge_peak / 1e6,
    }


def stage_side_by_side(count: int) -> dict:
    """Bare render and letter alternating in one process: the ratio that load drift spares.

    The stages above run one after the other, so on a shared machine their
    ratio also measures how the machine's load changed in between; here each
    letter is timed next to the bare render of the same request (the order
    alternating), and the ratio is that of the sums.
    """
    import statistics

    import weasyprint

    from appointments import letters
    from portal.pdf import font_configuration

    fonts = font_configuration()  # the letters' own: the bare render shares it
    rng = random.Random(3)
    for index in range(2):  # fonts, templates, stylesheet: once per process
        weasyprint.HTML(string=bare_html(index, rng)).write_pdf(font_config=fonts)
        letters.invitation_pdf(realistic_facts(index, rng))
    bare_seconds, letter_seconds = [], []
    for index in range(count):
        bare_page = bare_html(index, rng)
        facts = realistic_facts(index, rng)
        timings = {}
        for which in ("bare", "letter") if index % 2 else ("letter", "bare"):
            started = time.perf_counter()
            if which == "bare":
                weasyprint.HTML(string=bare_page).write_pdf(font_config=fonts)
            else:
                letters.invitation_pdf(facts)
            timings[which] = time.perf_counter() - started
        bare_seconds.append(timings["bare"])
        letter_seconds.append(timings["letter"])
    return {
        "bare_per_doc": sum(bare_seconds) / count,
        "letter_per_doc": sum(letter_seconds) / count,
        "ratio": sum(letter_seconds) / sum(bare_seconds),
        "median_pair_ratio": statistics.median(
            letter / bare for letter, bare in zip(letter_seconds, bare_seconds, strict=True)
        ),
    }


STAGES = {
    "bare": stage_bare,
    "single": stage_single,
    "batch": stage_batch,
    "side_by_side": stage_side_by_side,
}


def run_stage(name: str, count: int) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--stage", name, "--count", str(count)],
        check=True,
        capture_output=True,
        text=True,
        cwd=BASE,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--single", type=int, default=40, help="letters rendered one by one")
    parser.add_argument("--batch", type=int, default=1000, help="letters in the print batch")
    parser.add_argument(
        "--side-by-side", type=int, default=60, help="pairs of bare render and letter"
    )
    parser.add_argument("--stage", choices=sorted(STAGES), help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        with tempfile.TemporaryDirectory(prefix="bench-letters-") as files:
            setup(files)
            print(json.dumps(STAGES[args.stage](args.count)))
        return

    print("bare WeasyPrint render …", flush=True)
    bare = run_stage("bare", args.single)
    print("invitation letters, one by one …", flush=True)
    single = run_stage("single", args.single)
    print(f"print batch of {args.batch} letters …", flush=True)
    batch = run_stage("batch", args.batch)
    print(f"bare render and letter side by side, {args.side_by_side} each …", flush=True)
    pairs = run_stage("side_by_side", args.side_by_side)

    n = batch["letters"]
    per_letter_batch = (batch["render_seconds"] + batch["merge_seconds"]) / n
    rows = [
        ("bare WeasyPrint, same text", 1 / bare["per_doc"], bare["per_doc"]),
        ("invitation_pdf, one by one", 1 / single["per_doc"], single["per_doc"]),
        ("batch: render + store", n / batch["render_seconds"], batch["render_seconds"] / n),
        ("batch: merge (print queue)", n / batch["merge_seconds"], batch["merge_seconds"] / n),
        ("batch: whole (render, store, merge)", 1 / per_letter_batch, per_letter_batch),
    ]
    print()
    print(f"{'':38} {'letters/s':>10} {'ms/letter':>10} {'× bare time':>12}")
    for label, rate, seconds in rows:
        print(f"{label:38} {rate:10.1f} {seconds * 1000:10.1f} {seconds / bare['per_doc']:12.2f}")
    print()
    print(
        f"side by side in one process ({args.side_by_side} pairs): the letter takes "
        f"{pairs['ratio']:.2f} × the bare render's time "
        f"(median of the pairs {pairs['median_pair_ratio']:.2f}; "
        f"{pairs['letter_per_doc'] * 1000:.1f} against {pairs['bare_per_doc'] * 1000:.1f} ms)"
    )
    print(f"batch: {n} letters, {batch['pages']} pages")
    print(
        f"  stored letters {batch['stored_bytes'] / 1e6:.1f} MB, "
        f"merged PDF {batch['batch_bytes'] / 1e6:.1f} MB "
        f"({batch['batch_bytes'] / batch['stored_bytes']:.2f} × the letters: shared objects once)"
    )
    print(
        f"  merge: peak of Python allocations (tracemalloc) {batch['merge_traced_peak_mb']:.1f} MB "
        f"for all {n} letters (streamed: it does not grow with them)"
    )
    print(f"  storing the batch file (encrypted as one token): {batch['store_seconds']:.2f} s")
    print("peak resident memory (ru_maxrss) per stage process:")
    print(f"  bare WeasyPrint               {bare['rss_mb']:7.0f} MB")
    for label, value in [
        ("invitation_pdf one by one    ", single["rss_mb"]),
        ("batch after render + store   ", batch["rss_after_render_mb"]),
        ("batch after merge            ", batch["rss_after_merge_mb"]),
        ("batch after storing the batch", batch["rss_after_store_mb"]),
    ]:
        print(f"  {label} {value:7.0f} MB ({value / bare['rss_mb']:.2f} × bare)")
    print(
        f"size per document: bare {bare['bytes'] / 1e3:.0f} kB, "
        f"invitation {single['bytes'] / 1e3:.0f} kB (tagged PDF/UA, embedded fonts, QR code)"
    )


if __name__ == "__main__":
    main()
