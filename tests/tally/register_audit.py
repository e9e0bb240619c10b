"""An audit of published bilans built from the register's lines, not from the reports' code.

What a reader knows is written here from the register itself: for each month and site, a
count of sessions, of lines, of each procedure, outcome and theme, of each value of each
session field (all ≥ 0), tied by what every register obeys (each session has one value of
each field, each procedure is counted at most once in a session, a session has at least one
procedure, each line one outcome, a theme is the sum of its procedures). Then every printed
cell of the published reports (read from their JSON as a reader would: a row's label says
which values it adds up, « Autres … » the ones no other row of the table names) bounds the
sum of the counts it covers. The procedures are those of the kit's catalogue (public), those
of the register, and in each theme the association's own (local content: any number).
HiGHS finds the smallest and largest value of every « < t » or « nd » cell of 1 … t − 1, and
of what the other sites had in each all-sites row (relative to what the all-sites reports
and the site's headline figures told). Every report prints its headline figures (sessions,
procedures, first visits): what they tell together is printed with them, so a small count of
a table is measured against what they leave it (`given` of `narrowed`). Nothing of
`cafedemarches.tally` is used but the labels of the closed lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import highspy
import numpy as np

from cafedemarches.content.index import procedure_themes, shipped_folders
from cafedemarches.dates import MONTHS
from cafedemarches.tally.model import CHOICES, SESSION_FIELDS

from .lp_audit import silent_highs

Var = tuple[str, ...]  # ("S", month, site), ("F", field, value, month, site), ("P", proc, …)


class Reader:
    """The counts a reader reasons about, and the facts every register obeys."""

    def __init__(self, rows: Sequence[Mapping[str, str]], months: Sequence[str]) -> None:
        self.sites = sorted({r["lieu"] for r in rows})
        # The procedures a reader knows of: the kit's public catalogue, and any in the register.
        # An association may add its own procedures (local content), in any theme, under
        # names no report prints: one count per theme (`?`) stands for them all.
        catalogue = {f"{d}|{t}" for d, t in procedure_themes(shipped_folders()).items()}
        local = {f"?|{t}" for t in CHOICES["theme"]}
        self.procedures = sorted(
            catalogue | local | {f"{r['demarche']}|{r['theme']}" for r in rows}
        )
        self.months = list(months)
        self.truth: dict[Var, int] = {}
        seen: set[str] = set()
        for r in rows:
            m, s = r["jour"][:7], r["lieu"]
            if r["id"] not in seen:
                seen.add(r["id"])
                self._add(("S", m, s))
                for name in SESSION_FIELDS:
                    self._add(("F", name, r[name], m, s))
            self._add(("L", m, s))
            self._add(("P", f"{r['demarche']}|{r['theme']}", m, s))
            self._add(("I", r["issue"], m, s))
        self.index: dict[Var, int] = {}
        self.rows: list[tuple[dict[int, float], float, float]] = []
        for m in self.months:
            for s in self.sites:
                self._facts(m, s)

    def _add(self, var: Var) -> None:
        self.truth[var] = self.truth.get(var, 0) + 1

    def col(self, var: Var) -> int:
        if var not in self.index:
            self.index[var] = len(self.index)
        return self.index[var]

    def row(self, terms: Iterable[tuple[Var, float]], low: float, high: float) -> None:
        found: dict[int, float] = {}
        for var, c in terms:
            found[self.col(var)] = found.get(self.col(var), 0.0) + c
        self.rows.append((found, low, high))

    def _facts(self, m: str, s: str) -> None:
        inf = highspy.kHighsInf
        S, L = ("S", m, s), ("L", m, s)
        for name in SESSION_FIELDS:  # one value of each field per session
            self.row([*((("F", name, v, m, s), 1.0) for v in CHOICES[name]), (S, -1.0)], 0, 0)
        self.row([*((("P", p, m, s), 1.0) for p in self.procedures), (L, -1.0)], 0, 0)
        self.row([*((("I", i, m, s), 1.0) for i in CHOICES["issue"]), (L, -1.0)], 0, 0)
        for p in self.procedures:  # at most once per session (the local ones: many)
            if p.startswith("?|"):
                continue
            self.row([(("P", p, m, s), 1.0), (S, -1.0)], -inf, 0)
        self.row([(S, 1.0), (L, -1.0)], -inf, 0)  # at least one procedure per session

    def value(self, terms: Sequence[Var]) -> int:
        return sum(self.truth.get(v, 0) for v in terms)


def cell_terms(
    reader: Reader,
    table: str,
    label: str,
    labels: Sequence[str],
    names: Mapping[str, str],
    months: Sequence[str],
    sites: Sequence[str],
) -> list[Var]:
    """The counts a printed row adds up, read from its label (and its table's other labels)."""
    values = _values_of(reader, table, label, labels, names)
    kind = {"demarche": "P", "theme": "P", "issue": "I", "lieu": "S"}.get(table, "F")
    found: list[Var] = []
    for m in months:
        for s in sites:
            if table == "lieu":
                if s in values:
                    found.append(("S", m, s))
            elif kind == "F":
                found.extend(("F", table, v, m, s) for v in values)
            else:
                found.extend((kind, v, m, s) for v in values)
    return found


_GROUP = re.compile(r"(?:Autres démarches|Démarches) \((.*)\)")


def _values_of(
    reader: Reader, table: str, label: str, labels: Sequence[str], names: Mapping[str, str]
) -> list[str]:
    every = reader.procedures
    if table == "theme":
        titled = CHOICES["theme"]
        if label.startswith("Autres"):
            themes = [t for t, title in titled.items() if title not in labels]
        else:
            themes = [t for t, title in titled.items() if title == label]
        return [p for p in every if p.split("|")[1] in themes]
    if table == "demarche":
        group = _GROUP.fullmatch(label)
        if group is None:
            return [p for p in every if names.get(p.split("|")[0], p.split("|")[0]) == label]
        others = [o for o in labels if o != label]
        if group.group(1) == "autres thèmes":
            covered = {p for o in others for p in _values_of(reader, table, o, others, names)}
            return [p for p in every if p not in covered]
        alone = {
            p
            for o in others
            if not _GROUP.fullmatch(o)
            for p in _values_of(reader, table, o, others, names)
        }
        themes = [t for t, title in CHOICES["theme"].items() if title == group.group(1)]
        return [p for p in every if p.split("|")[1] in themes and p not in alone]
    if table == "lieu":
        if label.startswith("Autres"):
            return [s for s in reader.sites if s not in labels]
        return [label]
    choices = CHOICES[table]
    direct = [v for v, title in choices.items() if title == label]
    if direct:
        return direct
    if label.startswith("Autres"):
        named_values = {
            v for o in labels if o != label for v in _values_of(reader, table, o, [], names)
        }
        return [v for v in choices if v not in named_values]
    return _band(table, label)


_AGES = [
    ("moins_18", 0, 17),
    ("18_24", 18, 24),
    ("25_39", 25, 39),
    ("40_59", 40, 59),
    ("60_69", 60, 69),
    ("70_plus", 70, 200),
]
_MINUTES = [("moins_15", 0, 14), ("15_30", 15, 29), ("30_60", 30, 59), ("plus_60", 60, 10_000)]


def _band(table: str, label: str) -> list[str]:
    """The bands a printed wider band covers (« Moins de 40 ans », « 30 min à 1 h »…)."""
    bands = _AGES if table == "tranche_age" else _MINUTES
    if label in ("Tous âges", "Toutes durées"):
        return [v for v, _, _ in bands]
    numbers = [
        int(n) * (60 if unit == "h" else 1) for n, unit in re.findall(r"(\d+) ?(h|min|ans)?", label)
    ]
    if label.startswith("Moins de"):
        low, high = 0, numbers[0] - 1
    elif "et plus" in label:
        low, high = numbers[0], 10_000
    else:
        low, high = numbers[0], numbers[1] - (0 if table == "tranche_age" else 1)
    found = [v for v, a, b in bands if a >= low and b <= high]
    assert found, (table, label)
    return found


def add_report(
    reader: Reader,
    data: Mapping[str, Any],
    names: Mapping[str, str],
    checks: list[tuple[list[Var], str]],
    threshold: int,
    *,
    headlines_only: bool = False,
) -> list[list[Var]]:
    """Every printed cell of one published JSON report, as bounds on the counts it covers
    (returned); the small ones it hides go to `checks`. With `headlines_only`, its headline
    figures alone (sessions, procedures, first visits), which every report prints."""
    code, lieu = data["periode"], data["lieu"]
    sites = [lieu] if lieu else reader.sites
    months = [code] if len(code) == 7 else [m for m in reader.months if m.startswith(code)]

    shown: list[list[Var]] = []

    def bound(terms: list[Var], printed: Any, kind: str = "small") -> None:
        shown.append(terms)
        true = reader.value(terms)
        inf = highspy.kHighsInf
        if isinstance(printed, int):
            assert printed == true, (code, lieu, terms[:2], printed, true)
            reader.row([(v, 1.0) for v in terms], printed, printed)
        elif printed == f"< {threshold}":
            assert true < threshold
            reader.row([(v, 1.0) for v in terms], 0, threshold - 1)
            checks.append((terms, kind))
        elif printed == "s":
            assert true >= threshold
            reader.row([(v, 1.0) for v in terms], threshold, inf)
        else:
            assert printed == "nd", printed
            checks.append((terms, kind))

    bound(_total(months, sites, "S"), data["seances"], "headline")
    bound(_total(months, sites, "L"), data["demarches"], "headline")
    bound(
        [("F", "premiere_visite", "oui", m, s) for m in months for s in sites],
        data["premieres_visites"],
        "headline",
    )
    if headlines_only:
        return shown
    for table in data["tableaux"]:
        key = table["cle"]
        if key == "comparaison":
            continue  # its cells are the S and L of this period and of the previous one
        if key == "tendance":
            for row in table["lignes"]:
                month = _month_code(row["libelle"])
                if month in reader.months:
                    bound(_total([month], sites, "S"), row["valeurs"][0])
            continue
        labels = [row["libelle"] for row in table["lignes"]]
        for row in table["lignes"]:
            terms = cell_terms(reader, key, row["libelle"], labels, names, months, sites)
            bound(terms, row["valeurs"][0])
        bound(
            _total(months, sites, "S" if table["colonnes"][1] == "Séances" else "L"),
            table["total"][0],
        )
    return shown


def _total(months: Sequence[str], sites: Sequence[str], kind: str) -> list[Var]:
    return [(kind, m, s) for m in months for s in sites]


def _month_code(text: str) -> str:
    name, year = text.split()
    return f"{year}-{MONTHS.index(name) + 1:02d}"


def narrowed(
    reader: Reader,
    checks: Sequence[tuple[list[Var], str]],
    threshold: int,
    earlier: Reader | None = None,
    rests: Sequence[list[Var]] = (),
    given: Sequence[Callable[[], Reader] | None] = (),
) -> list[tuple[str, float, float]]:
    """The hidden small counts whose interval is narrower than 1 … t − 1, and the other
    sites' counts (`rests`) narrower than what `earlier` (the all-sites reports) allowed.

    `given[i]`, when there is one, gives what a reader knows without the tables of the report
    of `checks[i]` (the headline figures of every report, always printed; and the all-sites
    reports, for a site's): a small count they alone narrow must keep what they leave it."""
    model = _model(reader)
    found = []
    wanted: list[tuple[list[Var], float, float]] = []
    bases: dict[int, Callable[[], Reader]] = {}
    for number, (terms, _) in enumerate(checks):
        if 0 < reader.value(terms) < threshold:
            wanted.append((terms, 1.0, threshold - 1.0))
            if number < len(given) and given[number] is not None:
                bases[len(wanted) - 1] = given[number]  # type: ignore[assignment]
    if earlier is not None:
        before = _model(earlier)
        for terms in rests:
            if 0 < reader.value(terms) < threshold:
                low = _solve(before, earlier, terms, True)
                high = _solve(before, earlier, terms, False)
                wanted.append((terms, max(1.0, low), min(threshold - 1.0, high)))
    models: dict[int, Any] = {}
    for number, (terms, low_wanted, high_wanted) in enumerate(wanted):
        low, high = _solve(model, reader, terms, True), _solve(model, reader, terms, False)
        if (low > low_wanted + 1e-6 or high < high_wanted - 1e-6) and number in bases:
            if id(bases[number]) not in models:
                base = bases[number]()
                models[id(bases[number])] = (_model(base), base)
            told, base = models[id(bases[number])]
            low_wanted = max(low_wanted, _solve(told, base, terms, True))
            high_wanted = min(high_wanted, _solve(told, base, terms, False))
        if low > low_wanted + 1e-6 or high < high_wanted - 1e-6:
            found.append((str(terms[:3]), low, high))
    return found


def _model(reader: Reader) -> Any:
    h = silent_highs()
    n = len(reader.index)
    h.addVars(n, np.zeros(n), np.full(n, highspy.kHighsInf))
    for found, low, high in reader.rows:
        h.addRow(
            low,
            high,
            len(found),
            np.array(list(found), dtype=np.int32),
            np.array(list(found.values()), dtype=np.float64),
        )
    return h


def _solve(h: Any, reader: Reader, terms: Sequence[Var], minimize: bool) -> float:
    n = h.getNumCol()
    costs = np.zeros(n)
    for var in terms:
        if var in reader.index:
            costs[reader.index[var]] += 1.0
    h.changeColsCost(n, np.arange(n, dtype=np.int32), costs)
    h.changeObjectiveSense(highspy.ObjSense.kMinimize if minimize else highspy.ObjSense.kMaximize)
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kUnbounded and not minimize:
        return highspy.kHighsInf
    assert status == highspy.HighsModelStatus.kOptimal, status
    return float(h.getInfo().objective_function_value)
