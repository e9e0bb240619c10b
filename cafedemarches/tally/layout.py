"""The tables of a published bilan: few rows, chosen for the year, so that most cells are large.

A published report is made for funders: its headline figures (sessions, procedures, first
visits) and one table per question, each with its total (procedures, themes, outcomes, sites,
orientation, autonomy, duration, first visit, age band, status). Before any cell is hidden,
the categories too small to be published month by month are merged, as statistical offices
do (« global recoding » in tau-ARGUS): the procedures of a theme into « Autres démarches » of
that theme, the small themes into « Autres thèmes », the small outcomes, orientations,
statuses and sites into « Autres … », the age bands and durations into wider bands.

The merging is decided once for a year and a scope (all sites, or one site) from that year's
counts, and every report of the year (each month, the year) uses it: a category is never
shown in one month and merged in another, which would give its count back by difference. A
site's groups are unions of the all-sites groups, so that its tables add up with theirs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cafedemarches.tally.model import CHOICES, NOT_GIVEN, SESSION_FIELDS, label
from cafedemarches.tally.summary import Figures
from cafedemarches.tally.suppress import Line

OTHERS = "autres"
# A row is kept when it holds on average this many times the threshold a month: smaller,
# it would be below the threshold in many months, and hidden there.
ROW_SIZE = 1.5
# The headline figures of every report (sessions, procedures, first visits): never hidden to
# protect another cell, so a funder always reads them (« < t » when they are small).
HEADLINE = ("S", "L", "premiere_visite:oui")

# Bands whose neighbours may be merged into a wider band: (value, lowest, highest) in the unit.
_BANDS: dict[str, list[tuple[str, int, int | None]]] = {
    "tranche_age": [
        ("moins_18", 0, 17),
        ("18_24", 18, 24),
        ("25_39", 25, 39),
        ("40_59", 40, 59),
        ("60_69", 60, 69),
        ("70_plus", 70, None),
    ],
    "duree": [("moins_15", 0, 15), ("15_30", 15, 30), ("30_60", 30, 60), ("plus_60", 60, None)],
}

OTHER_LABELS = {
    "theme": "Autres thèmes",
    "issue": "Autres issues",
    "orientation": "Autres orientations",
    "autonomie": "Autres réponses",
    "premiere_visite": "Autres réponses",
    "statut": "Autres situations",
    "lieu": "Autres lieux",
}


@dataclass(frozen=True)
class Group:
    """One row of a published table: the stored values it adds up."""

    key: str
    label: str
    members: tuple[str, ...]
    parent: str = ""  # for a procedure row: the key of its theme row


@dataclass(frozen=True)
class Layout:
    """The rows of every table of the published reports of one year and scope."""

    procedures: tuple[Group, ...]  # members: "demarche|theme"
    themes: tuple[Group, ...]
    issues: tuple[Group, ...]
    fields: Mapping[str, tuple[Group, ...]]
    sites: tuple[Group, ...]  # empty in a site's report: its one row would be its sessions

    @property
    def procedures_detailed(self) -> bool:
        """Whether the table of procedures says more than the table of themes (a theme with
        a row of its own procedures); without, a report prints only the themes."""
        return len(self.procedures) > len({g.parent for g in self.procedures})

    def tables(self) -> list[tuple[str, tuple[Group, ...], str]]:
        """(table key, rows, the key of the total they add up to)."""
        found = [
            ("demarche", self.procedures, "L"),
            ("theme", self.themes, "L"),
            ("issue", self.issues, "L"),
        ]
        if self.sites:
            found.append(("lieu", self.sites, "S"))
        found.extend((name, self.fields[name], "S") for name in SESSION_FIELDS)
        return found


def decide(
    year: Figures,
    months: int,
    threshold: int,
    *,
    names: Mapping[str, str] | None = None,
    within: Layout | None = None,
) -> Layout:
    """The rows of a year's published tables, from that year's counts.

    A row is kept when it holds on average `ROW_SIZE` × `threshold` a month over the `months`
    that had sessions; the others are merged. `within` (the all-sites layout) makes a site's
    groups unions of its groups.
    """
    limit = math.ceil(ROW_SIZE * threshold * max(months, 1))
    names = names or {}
    if within is None:
        atoms_p = [
            Group(f"{d}|{t}", names.get(d, d), (f"{d}|{t}",), t)
            for d, t in sorted({(d, t) for d, t, _ in year.outcomes})
        ]
        atoms_t = [Group(t, label("theme", t), (t,)) for t in CHOICES["theme"]]
        atoms_i = [Group(i, label("issue", i), (i,)) for i in CHOICES["issue"]]
        atoms_s = [Group(s, s, (s,)) for s in sorted(year.sites, key=_title_key)]
        atoms_f = {n: [Group(v, label(n, v), (v,)) for v in CHOICES[n]] for n in SESSION_FIELDS}
    else:
        atoms_p = list(within.procedures)
        atoms_t, atoms_i = list(within.themes), list(within.issues)
        atoms_s = []
        atoms_f = {n: list(within.fields[n]) for n in SESSION_FIELDS}
    by_procedure: dict[str, int] = {}
    for (d, t, _), n in year.outcomes.items():
        by_procedure[f"{d}|{t}"] = by_procedure.get(f"{d}|{t}", 0) + n
    themes = _merge_others(atoms_t, year.themes, limit, "theme")
    procedures = _procedures(atoms_p, themes, by_procedure, limit)
    issues = _merge_others(atoms_i, _outcome_counts(year), limit, "issue")
    sites = _merge_others(atoms_s, year.sites, limit, "lieu")
    fields = {}
    for name in SESSION_FIELDS:
        counts = year.by_field.get(name, {})
        if name in _BANDS:
            fields[name] = _merge_bands(name, atoms_f[name], counts, limit)
        elif name == "premiere_visite":
            fields[name] = tuple(atoms_f[name])  # the headline « premières visites » stays
        else:
            fields[name] = _merge_others(atoms_f[name], counts, limit, name)
    return Layout(tuple(procedures), themes, issues, fields, sites)


def _count(group: Group, counts: Mapping[str, int]) -> int:
    return sum(counts.get(m, 0) for m in group.members)


def _outcome_counts(year: Figures) -> dict[str, int]:
    found: dict[str, int] = {}
    for (_, _, issue), n in year.outcomes.items():
        found[issue] = found.get(issue, 0) + n
    return found


def _merge_others(
    atoms: Sequence[Group], counts: Mapping[str, int], limit: int, name: str
) -> tuple[Group, ...]:
    """The atoms large enough, then one « Autres … » row for the rest (none when one or no
    atom is left, a single one keeping its own name; none either when no atom is large
    enough: one row holding them all would say nothing)."""
    kept, rest = _split(atoms, counts, limit)
    if len(rest) <= 1 or not kept:
        return tuple(atoms)  # nothing to merge, or everything: the rows as they are
    members = tuple(m for g in rest for m in g.members)
    return (*kept, Group(OTHERS, OTHER_LABELS[name], members))


def _split(
    atoms: Sequence[Group], counts: Mapping[str, int], limit: int
) -> tuple[list[Group], list[Group]]:
    """The atoms that hold `limit`, and the others; while the others together do not, the
    smallest kept one joins them (an « Autres » row too small would be hidden too)."""
    kept = [g for g in atoms if _count(g, counts) >= limit]
    rest = [g for g in atoms if _count(g, counts) < limit]
    if rest:  # a wider « Autres » takes the narrower one (a site's, inside all sites')
        rest += [g for g in kept if g.key.startswith(OTHERS)]
        kept = [g for g in kept if not g.key.startswith(OTHERS)]
    while len(kept) > 1 and rest and sum(_count(g, counts) for g in rest) < limit:
        smallest = min(kept, key=lambda g: _count(g, counts))
        kept.remove(smallest)
        rest.append(smallest)
    order = {g.key: i for i, g in enumerate(atoms)}
    rest.sort(key=lambda g: order[g.key])
    return kept, rest


def _procedures(
    atoms: Sequence[Group],
    themes: Sequence[Group],
    counts: Mapping[str, int],
    limit: int,
) -> list[Group]:
    """Procedure rows, theme by theme: in each theme row, its large procedures and one
    « Autres démarches » row; a merged theme row holds only its « Autres démarches »."""
    found: list[Group] = []
    for theme in themes:
        inside = [g for g in atoms if _theme_of(g) in theme.members]
        if not inside:
            continue
        single = theme.key != OTHERS and len(theme.members) == 1
        kept, rest = _split(inside, counts, limit) if single else ([], list(inside))
        if len(rest) == 1:
            kept, rest = inside, []
        found.extend(Group(g.key, g.label, g.members, theme.key) for g in kept)
        if rest:
            members = tuple(m for g in rest for m in g.members)
            what = "autres thèmes" if theme.key == OTHERS else theme.label
            title = "Autres démarches" if kept else "Démarches"
            found.append(Group(f"{OTHERS}:{theme.key}", f"{title} ({what})", members, theme.key))
    return found


def _theme_of(group: Group) -> str:
    return group.members[0].split("|")[1]


def _merge_bands(
    name: str, atoms: Sequence[Group], counts: Mapping[str, int], limit: int
) -> tuple[Group, ...]:
    """Neighbouring bands merged, the smallest with its smaller neighbour, until every band
    holds `limit` (or one band is left); « non communiqué » stays apart."""
    ordered = [g for g in atoms if g.key != NOT_GIVEN]
    others = [g for g in atoms if g.key == NOT_GIVEN]
    bands = [list(g.members) for g in ordered]

    def size(members: list[str]) -> int:
        return sum(counts.get(m, 0) for m in members)

    while len(bands) > 1:
        smallest = min(range(len(bands)), key=lambda i: (size(bands[i]), i))
        if size(bands[smallest]) >= limit:
            break
        if smallest == 0:
            other = 1
        elif smallest == len(bands) - 1:
            other = smallest - 1
        else:
            left, right = smallest - 1, smallest + 1
            other = left if size(bands[left]) <= size(bands[right]) else right
        low, high = sorted((smallest, other))
        bands[low : high + 1] = [bands[low] + bands[high]]
    merged = [Group("+".join(b), _band_label(name, b), tuple(b)) for b in bands]
    return (*merged, *others)


def _band_label(name: str, members: list[str]) -> str:
    if len(members) == 1:
        return label(name, members[0])
    bounds = {value: (low, high) for value, low, high in _BANDS[name]}
    low, high = bounds[members[0]][0], bounds[members[-1]][1]
    if low == 0 and high is None:
        return "Tous âges" if name == "tranche_age" else "Toutes durées"
    if name == "tranche_age":
        if high is None:
            return f"{low} ans et plus"
        return f"Moins de {high + 1} ans" if low == 0 else f"{low} à {high} ans"
    unit = {15: "15 min", 30: "30 min", 60: "1 h"}
    if high is None:
        return f"{unit[low]} et plus"
    return f"Moins de {unit[high]}" if low == 0 else f"{unit[low]} à {unit[high]}"


def _title_key(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in plain if not unicodedata.combining(ch))


def block(
    figures: Figures, layout: Layout
) -> tuple[dict[str, int], list[Line[str]], list[Line[str]]]:
    """The cells of one period's published tables, their equations (members add up to the
    total) and what every reader also knows (members at most the total): a procedure is
    counted at most once in a session, and a session has at least one procedure."""
    values: dict[str, int] = {"S": figures.sessions, "L": figures.lines}
    by_procedure: dict[str, int] = {}
    by_issue: dict[str, int] = {}
    for (d, t, i), n in figures.outcomes.items():
        by_procedure[f"{d}|{t}"] = by_procedure.get(f"{d}|{t}", 0) + n
        by_issue[i] = by_issue.get(i, 0) + n
    counts = {
        "demarche": by_procedure,
        "theme": figures.themes,
        "issue": by_issue,
        "lieu": figures.sites,
        **{n: figures.by_field.get(n, {}) for n in SESSION_FIELDS},
    }
    lines: list[Line[str]] = []
    at_most: list[Line[str]] = [(["S"], "L")]
    for table, rows, total in layout.tables():
        keys = [f"{table}:{g.key}" for g in rows]
        for key, group in zip(keys, rows, strict=True):
            values[key] = _count(group, counts[table])
        lines.append((keys, total))
    for theme in layout.themes:
        inside = [f"demarche:{g.key}" for g in layout.procedures if g.parent == theme.key]
        lines.append((inside, f"theme:{theme.key}"))
    # A procedure is counted at most once in a session: known of a row that names one
    # procedure, when the table of procedures is printed. Without it (one row per theme), a
    # theme row is all the procedures of its themes to a reader (the catalogue's, the
    # association's own), many of them in one session: « Autres thèmes » holding only the
    # aide au logement in the register says nothing of the sort.
    if layout.procedures_detailed:
        for group in layout.procedures:
            if len(group.members) == 1:
                at_most.append(([f"demarche:{group.key}"], "S"))
    return values, lines, at_most


def layout_json(layout: Layout) -> dict[str, Any]:
    """The layout as JSON, for the cache (procedure titles are put back when read)."""

    def rows(groups: Sequence[Group]) -> list[list[Any]]:
        return [[g.key, g.label, list(g.members), g.parent] for g in groups]

    return {
        "demarche": rows(layout.procedures),
        "theme": rows(layout.themes),
        "issue": rows(layout.issues),
        "lieu": rows(layout.sites),
        "champs": {name: rows(layout.fields[name]) for name in SESSION_FIELDS},
    }


def layout_from_json(stored: object, names: Mapping[str, str]) -> Layout | None:
    """A layout read back from the cache, or None when it is not one `layout_json` wrote."""
    if not isinstance(stored, dict) or not isinstance(stored.get("champs"), dict):
        return None
    fields = stored["champs"]
    if set(fields) != set(SESSION_FIELDS):
        return None
    try:
        return Layout(
            _rows(stored["demarche"], names),
            _rows(stored["theme"], names),
            _rows(stored["issue"], names),
            {name: _rows(fields[name], names) for name in SESSION_FIELDS},
            _rows(stored["lieu"], names),
        )
    except (KeyError, TypeError, ValueError):
        return None


def _rows(found: object, names: Mapping[str, str]) -> tuple[Group, ...]:
    if not isinstance(found, list):
        raise TypeError(found)
    groups = []
    for key, title, members, parent in found:
        texts = [key, title, parent, *members] if isinstance(members, list) else []
        if not members or not all(isinstance(t, str) for t in texts):
            raise TypeError(found)
        if len(members) == 1 and "|" in members[0]:  # a procedure: its title of today
            title = names.get(members[0].split("|")[0], members[0].split("|")[0])
        groups.append(Group(key, title, tuple(members), parent))
    return tuple(groups)
