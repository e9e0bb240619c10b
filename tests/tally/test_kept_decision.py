"""A kept decision of `bilan --publier` never outlives the lines it was decided from, and a
session once in the register never changes (issue « figures a funder can use », point 1)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from cafedemarches.settings import Paths
from cafedemarches.tally import linked
from cafedemarches.tally.model import CHOICES, SESSION_FIELDS, SessionEntry
from cafedemarches.tally.store import Tally, open_tally
from cafedemarches.tally.summary import Period, figures

from .helpers import set_site, tally_path

pytestmark = pytest.mark.own_cache  # each test counts the decisions its own cache keeps

MONTH = "2026-06"


def _rsa_sessions(count: int) -> None:
    with open_tally(tally_path()) as tally:
        for n in range(count):
            tally.record(
                SessionEntry(
                    jour=dt.date(2026, 6, 1 + n),
                    lieu="Café du Coin",
                    demarches=(("rsa", "social_sante", "faite"),),
                    **{field: next(iter(CHOICES[field])) for field in SESSION_FIELDS},
                )
            )


def _published(cli) -> dict:  # type: ignore[no-untyped-def, type-arg]
    result = cli("bilan", "--mois", MONTH, "--publier", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _fresh(cli) -> dict:  # type: ignore[no-untyped-def, type-arg]
    """The published bilan decided anew (no kept decision)."""
    shutil.rmtree(Paths.from_environment().cache_dir, ignore_errors=True)
    return _published(cli)


def _small_numbers(report: dict) -> list[tuple[str, str, int]]:  # type: ignore[type-arg]
    """Every number of 1 … 4 a published report prints in its tables."""
    found = []
    for table in report["tableaux"]:
        for row in table["lignes"]:
            for value in row["valeurs"]:
                if isinstance(value, int) and 0 < value < 5:
                    found.append((table["cle"], row["libelle"], value))
    return found


def _export_with_two_lines_changed_to_aah(cli, target: Path) -> list[str]:  # type: ignore[no-untyped-def]
    exported = cli("registre", "exporter", "--sortie", str(target))
    assert exported.exit_code == 0, exported.stderr
    lines = target.read_text(encoding="utf-8").splitlines()
    changed = [lines[0]]
    for n, line in enumerate(lines[1:]):
        changed.append(line.replace(",rsa,", ",aah,") if n < 2 else line)
    target.write_text("\n".join(changed) + "\n", encoding="utf-8")
    return changed


def test_import_of_other_lines_for_a_session_already_there_is_refused(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The issue's reproduction: seven RSA sessions, a published bilan, an export whose two
    lines say AAH under the same session ids, imported back."""
    set_site()
    _rsa_sessions(7)
    before = _published(cli)
    changed = _export_with_two_lines_changed_to_aah(cli, tmp_path / "modifie.csv")

    result = cli("registre", "importer", str(tmp_path / "modifie.csv"))

    assert result.exit_code == 1
    first_id = changed[1].split(",")[0]
    assert f"la séance {first_id} est déjà dans le registre, sans la démarche aah" in (
        result.stderr
    )
    assert "modifie.csv:2" in result.stderr and "modifie.csv:3" in result.stderr
    with open_tally(tally_path()) as tally:
        assert tally.counts() == (7, 7)  # nothing half-imported
    after = _published(cli)
    assert after == before
    assert _small_numbers(after) == []


def test_an_import_of_the_same_lines_again_changes_nothing_and_is_accepted(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    set_site()
    _rsa_sessions(3)
    cli("registre", "exporter", "--sortie", str(tmp_path / "tel-quel.csv"))
    result = cli("registre", "importer", str(tmp_path / "tel-quel.csv"))
    assert result.exit_code == 0, result.stderr
    with open_tally(tally_path()) as tally:
        assert tally.counts() == (3, 3)


def test_a_session_annulled_and_imported_again_corrected_is_decided_again(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Same ids, other lines: the kept decision must not be read back (it would print the
    new small counts exactly)."""
    set_site()
    _rsa_sessions(7)
    _published(cli)
    exported = tmp_path / "tout.csv"
    cli("registre", "exporter", "--sortie", str(exported))
    last = exported.read_text(encoding="utf-8").splitlines()[-1]
    with open_tally(tally_path()) as tally:
        last_local = tally.last_local()
        assert last_local is not None and last.startswith(last_local.id)
    assert cli("registre", "annuler", "--oui").exit_code == 0
    corrected = tmp_path / "corrige.csv"
    header = exported.read_text(encoding="utf-8").splitlines()[0]
    corrected.write_text(header + "\n" + last.replace(",rsa,", ",aah,") + "\n", encoding="utf-8")
    assert cli("registre", "importer", str(corrected)).exit_code == 0

    after = _published(cli)

    assert after == _fresh(cli)
    assert _small_numbers(after) == []


@pytest.mark.parametrize(
    "tamper",
    [
        lambda value: [],  # every status removed
        lambda value: [[*item[:2], "bizarre"] for item in value],  # an unknown status
        lambda value: "x",  # not a decision at all
        lambda value: [[item[0], 5, item[2]] for item in value],  # a cell that is no cell
        lambda value: value[: len(value) // 2],  # half of it
    ],
    ids=["vide", "statut-inconnu", "malforme", "cellule-invalide", "moitie"],
)
def test_a_kept_decision_that_was_tampered_with_is_decided_again(cli, tamper) -> None:  # type: ignore[no-untyped-def]
    set_site()
    _rsa_sessions(7)
    fresh = _published(cli)
    kept = sorted(Paths.from_environment().cache_dir.glob("masquage-*.json"))
    assert kept
    for path in kept:
        stored = json.loads(path.read_text(encoding="utf-8"))
        stored["value"] = tamper(stored["value"])
        path.write_text(json.dumps(stored), encoding="utf-8")

    again = cli("bilan", "--mois", MONTH, "--publier", "--format", "json")

    assert again.exit_code == 0, again.stderr
    assert "Erreur" not in again.stderr
    assert json.loads(again.stdout) == fresh
    assert _small_numbers(fresh) == []


def _register(path: Path, entries: list[SessionEntry]) -> sqlite3.Connection:
    with open_tally(path) as tally:
        for entry in entries:
            tally.record(entry)
    return sqlite3.connect(path, isolation_level=None)


def _session(day: int, name: str = "rsa") -> SessionEntry:
    return SessionEntry(
        jour=dt.date(2026, 3, day),
        lieu="Café A",
        demarches=((name, "social_sante", "faite"),),
        **{field: next(iter(CHOICES[field])) for field in SESSION_FIELDS},
    )


def test_year_digest_follows_the_content_of_the_lines_not_their_ids(tmp_path) -> None:  # type: ignore[no-untyped-def]
    conn = _register(tmp_path / "r.sqlite3", [_session(d) for d in range(1, 5)])
    first = linked.year_digest(conn, 2026)
    assert linked.year_digest(conn, 2025) != first
    tally = Tally(conn, tmp_path / "r.sqlite3")
    last = tally.last_local()
    assert last is not None
    tally.remove(last.id)
    assert linked.year_digest(conn, 2026) != first
    # The same session id, another procedure: another digest.
    tally.record(
        SessionEntry(**{**last.__dict__, "demarches": (("aah", "social_sante", "faite"),)})
    )
    changed = linked.year_digest(conn, 2026)
    assert changed != first
    # The same content again (a new id): the decision it keys may be reused.
    tally.remove(last.id)
    tally.record(SessionEntry(**{**last.__dict__, "id": "a" * 8 + last.id[8:]}))
    assert linked.year_digest(conn, 2026) == first


def test_the_digest_is_remembered_only_while_the_register_file_is_unchanged(
    tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.sqlite3"
    conn = _register(path, [_session(d) for d in range(1, 8)])
    cache = tmp_path / "cache"
    march = Period.month("2026-03")
    first = linked.statuses(conn, march, None, 5, cache=cache)
    computed = []
    digest = linked.year_digest

    def counted(*args):  # type: ignore[no-untyped-def]
        computed.append(args)
        return digest(*args)

    monkeypatch.setattr(linked, "year_digest", counted)
    assert linked.statuses(conn, march, None, 5, cache=cache) == first
    assert computed == []  # read back: the file did not change
    Tally(conn, path).record(_session(20, "aah"))
    again = linked.statuses(conn, march, None, 5, cache=cache)
    assert computed  # the file changed: computed again
    assert again == linked.statuses(conn, march, None, 5)


def test_a_fresh_decision_prints_no_false_mark(tmp_path) -> None:  # type: ignore[no-untyped-def]
    conn = _register(
        tmp_path / "r.sqlite3",
        [_session(d, "rsa" if d % 3 else "aah") for d in range(1, 20)],
    )
    report = linked.published_report(conn, figures(conn, Period.month("2026-03")), 5)
    assert linked.false_marks(report) == []
    assert report.sessions.value == 19 and report.sessions.status is None
