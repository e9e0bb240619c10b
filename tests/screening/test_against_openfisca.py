"""The repérage checked against OpenFisca-France: for every household of the grid, every
benefit the model pays (above zero) is suggested by the kit, except where a written exception
(`estimate.benefits.EXCEPTIONS`, with its source) says the kit and the model part ways.

One tax-benefit system and one vectorised simulation for the whole grid (session fixture).
`make test` runs the boundary households and a small sample; `make test-long`
(HYPOTHESIS_PROFILE=long) a wide one. Recall and precision are printed (pytest -s, or -rA).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

from cafedemarches.content.loader import load_checked_content
from cafedemarches.estimate import model
from cafedemarches.estimate.benefits import BENEFITS, EXCEPTIONS, SCREENED
from cafedemarches.estimate.situation import Household
from cafedemarches.session.engine import suggestions
from tests.screening.households import all_households, reperage_answers, unique

MONTH = dt.date(2026, 11, 1)
WIDE = os.environ.get("HYPOTHESIS_PROFILE") == "long"
SAMPLE = 2500 if WIDE else 120


# Where a written exception (estimate.benefits.EXCEPTIONS, by id) sends the person to another
# procedure for a benefit the model pays: (benefit's procedure, procedure suggested instead,
# when it applies).
COVERED_BY = {
    "rsa-activite": ("rsa", "prime-activite", lambda h: h.earned > 0),
    "aspa-hors-eee": (
        "rsa",
        "aspa",
        lambda h: h.age >= 65 and h.nationality == "autre" and (h.permit_years >= 10 or h.refugee),
    ),
    "aspa-avant-rsa": ("rsa", "aspa", lambda h: h.age >= 65),
}


def excused(household: Household, procedure: str, kit: set[str]) -> str | None:
    for exception_id, (paid, instead, applies) in COVERED_BY.items():
        if procedure == paid and instead in kit and applies(household):
            return exception_id
    return None


@pytest.fixture(scope="session")
def content():
    return load_checked_content()


@pytest.fixture(scope="session")
def checked(content):
    """(household, kit's suggestions, {procedure: amount}) for every household, one simulation."""
    households = unique(all_households(SAMPLE))
    benefits = [b for b in BENEFITS + SCREENED if b.procedure in content.checklists]
    amounts = model.compute(households, MONTH, [b.variable for b in benefits])
    rows = []
    for household, computed in zip(households, amounts, strict=True):
        kit = {s.procedure for s in suggestions(content.reperage, reperage_answers(household))}
        paid = {b.procedure: computed[b.variable] for b in benefits if computed[b.variable] > 0}
        rows.append((household, kit, paid))
    return rows


def test_every_benefit_the_model_pays_is_suggested(checked) -> None:
    misses = [
        f"{procedure} ({amount:.2f} €) non proposé pour {household}"
        for household, kit, paid in checked
        for procedure, amount in paid.items()
        if procedure not in kit and not excused(household, procedure, kit)
    ]
    assert not misses, "\n".join(misses[:20])


def test_recall_and_precision_are_reported(checked, capsys) -> None:
    """Recall must be 100 %; precision is printed (a suggestion for a benefit the model says
    is 0 is not an error: the kit suggests on fewer facts, and « dans le doute, oui »)."""
    lines = []
    for benefit in BENEFITS + SCREENED:
        if not any(
            benefit.procedure in kit or benefit.procedure in paid for _, kit, paid in checked
        ):
            continue
        paid = sum(benefit.procedure in p for _, _, p in checked)
        suggested = sum(benefit.procedure in k for _, k, _ in checked)
        covered = sum(
            benefit.procedure in p
            and (benefit.procedure in k or excused(h, benefit.procedure, k) is not None)
            for h, k, p in checked
        )
        both = sum(benefit.procedure in k and benefit.procedure in p for _, k, p in checked)
        recall = covered / paid if paid else 1.0
        precision = both / suggested if suggested else 1.0
        lines.append(
            f"{benefit.procedure:22} versée {paid:4}  proposée {suggested:4}  "
            f"rappel {recall:6.1%}  précision {precision:6.1%}"
        )
        assert recall == 1.0, benefit.procedure
    with capsys.disabled():
        print(f"\nRepérage contre OpenFisca ({len(checked)} foyers, {model.version()}) :")
        print("\n".join(lines))


def test_the_grid_holds_the_boundary_households(checked) -> None:
    ages = {h.age for h, _, _ in checked}
    assert {24, 25, 64, 65} <= ages
    child_ages = {a for h, _, _ in checked for a in h.child_ages}
    assert {2, 3, 5, 6} <= child_ages
    assert {4, 5, 9, 10} <= {h.permit_years for h, _, _ in checked if h.nationality == "autre"}


def test_the_model_pays_where_the_issue_says(checked) -> None:
    """The grid is not vacuous: the model pays the persona's benefits, and the RSA to a person
    of 65 or more from outside the EU with 5 to 9 years of permit (not the ASPA)."""
    persona = next(
        p for h, _, p in checked if h.age == 24 and h.child_ages == (2,) and h.earned == 650
    )
    assert {"prime-activite", "aide-logement", "asf"} <= set(persona)
    for h, kit, paid in checked:
        no_income = not (h.pension or h.earned or h.other or h.alimony)
        foreign = h.nationality == "autre" and not h.refugee
        if foreign and h.age >= 65 and 5 <= h.permit_years <= 9 and no_income:
            assert "rsa" in paid and "aspa" not in paid and "rsa" in kit


def test_a_couple_raising_a_child_taken_in_is_pointed_to_the_asf(checked) -> None:
    """OpenFisca gives the ASF only to a parent alone; fiche F33647 says alone or in a couple
    (a written exception)."""
    found = [(h, kit, paid) for h, kit, paid in checked if h.extra.get("recueilli")]
    assert found
    for _, kit, paid in found:
        assert "asf" in kit and "asf" not in paid
    assert any(e.procedure == "asf" and "F33647" in e.source for e in EXCEPTIONS)


def test_every_exception_has_a_source_and_those_the_test_applies_are_written() -> None:
    for exception in EXCEPTIONS:
        assert exception.source.startswith("https://"), exception
    assert set(COVERED_BY) <= {e.id for e in EXCEPTIONS}


def test_households_are_plain_data() -> None:
    assert Household(age=30) == Household(age=30)


def test_the_model_pays_the_aeeh_ass_and_apa_on_their_boundaries(checked) -> None:
    """The new inputs reach the model: the AEEH for a disabled child of 19, not 20; the ASS for
    a jobseeker at the end of her rights at 65, not 66; the APA from 60 in GIR 1 to 4 only."""
    seen = set()
    for h, kit, paid in checked:
        if h.child_disability and h.child_ages[0] in (19, 20):
            assert ("aeeh" in paid) == (h.child_ages[0] == 19), h
            seen.add(("aeeh", h.child_ages[0]))
        no_income = not (h.pension or h.earned or h.other or h.alimony)
        alone = not h.couple and not h.disabled  # no ASS with the AAH
        if h.unemployment_ended and h.age in (65, 66) and alone and no_income:
            assert ("ass" in paid) == (h.age == 65), h
            assert "ass" in kit or h.age == 66, h
            seen.add(("ass", h.age))
        if h.gir and h.age in (59, 60) and h.pension == 1100.0 and not h.couple and not h.earned:
            assert ("apa" in paid) == (h.age == 60 and h.gir <= 4), h
            seen.add(("apa", h.age, h.gir))
    assert {("aeeh", 19), ("aeeh", 20), ("ass", 65), ("ass", 66)} <= seen
    assert {("apa", 60, 4), ("apa", 60, 5), ("apa", 59, 1)} <= seen


def test_a_jobseeker_without_the_end_of_rights_is_not_pointed_to_the_ass(checked) -> None:
    """The ASS follows the end of the unemployment benefit, not any low income."""
    others = [(h, kit) for h, kit, _ in checked if not h.unemployment_ended]
    assert others
    assert not [h for h, kit in others if "ass" in kit]


def test_a_parent_alone_who_works_is_pointed_to_the_prime_d_activite_up_to_its_ceiling(
    checked,
) -> None:
    """A parent alone earning up to about 2 946 € net with one child (3 423 € with two, 4 059 €
    with three) gets the prime d'activité, above what the grid answers as « faibles
    ressources » (the median standard of living per consumption unit): the repérage points
    every parent alone who works to it. The model pays 50 € under each ceiling, not 50 € over
    (the numbers in _reperage.yaml), and the two households the wide sample missed."""
    ceilings = {(7,): 2946.0, (7, 9): 3423.0, (7, 9, 11): 4059.0}
    seen = set()
    for h, kit, paid in checked:
        ceiling = ceilings.get(h.child_ages)
        if ceiling and h.age == 38 and not h.alimony and abs(h.earned - ceiling) == 50.0:
            assert ("prime-activite" in paid) == (h.earned < ceiling), h
            assert not reperage_answers(h)["ressources_faibles"], h
            assert "prime-activite" in kit, h
            seen.add((h.child_ages, h.earned < ceiling))
        if (h.age, h.earned, h.alimony) == (45, 2600.0, 100.0) and h.child_ages in ((7,), (3,)):
            assert "prime-activite" in paid and "prime-activite" in kit, h
            assert not reperage_answers(h)["ressources_faibles"], h
            seen.add((h.child_ages, "pension"))
    assert len(seen) == 8, seen
