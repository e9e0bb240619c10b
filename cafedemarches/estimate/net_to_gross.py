"""From the net figures a person knows to the income variables each benefit reads.

OpenFisca-France computes each benefit from its own income variable: the RSA and the prime
d'activité read `salaire_net` (last 3 months), the aide au logement `salaire_imposable` and
`retraite_imposable` (rolling year), the ASPA `retraite_brute`. A person knows her net pay and
her net pension. Giving OpenFisca only the net pension gave the full ASPA (1 043,60 € instead of
about 344 €): every income goes through this module, which sets the gross, net and taxable
figures together. aides-jeunes keeps the same layer with fixed ratios.

The ratios, with their sources (rates fixed by law, not revalued):

- **Salary** of a private-sector employee (non-cadre, under the social security ceiling), 2026:
  employee contributions 11,31 % of the gross (old age 6,90 % + 0,40 %, AGIRC-ARRCO 3,15 %,
  CEG 0,86 %), CSG 9,2 % (6,8 deductible, 2,4 not) and CRDS 0,5 % on 98,25 % of the gross
  (CSS art. L136-1-2, L136-8; ordonnance 96-50 art. 14). Net = 79,16 % of the gross; taxable =
  net + the non-deductible CSG and the CRDS (2,85 % of the gross).
- **Pension**: CSG at 0, 3,8, 6,6 or 8,3 % after the household's reference tax income (RFR,
  taken as 90 % of the yearly pension: the 10 % allowance) against the thresholds of CSS art.
  L136-8 III read from OpenFisca's parameters; CRDS 0,5 % and CASA 0,3 % when CSG is due
  (CASA not at the reduced rate). The deductible part of the CSG is 0, 3,8, 4,2 or 5,9 %.
- **Other income** (unemployment benefit, daily allowances): most of the allowances the table
  meets are below the exemption floor of CSG (CSS art. L136-8 III, the SMIC floor): the net is
  taken as the gross and the taxable figure.
"""

from __future__ import annotations

from dataclasses import dataclass

SALARY_NET_SHARE = 1 - 0.1131 - (0.092 + 0.005) * 0.9825  # 0.79160…
SALARY_TAXABLE_EXTRA = (0.024 + 0.005) * 0.9825  # non-deductible CSG + CRDS, share of gross

CRDS = 0.005
CASA = 0.003
# (total CSG rate, deductible part) for each band, from exempt to full rate.
PENSION_CSG = ((0.0, 0.0), (0.038, 0.038), (0.066, 0.042), (0.083, 0.059))


@dataclass(frozen=True)
class PensionThresholds:
    """CSG on pensions (CSS art. L136-8 III): reference tax income ceilings for one tax share
    and for each extra half share, of the exempt, reduced and median bands."""

    first: tuple[float, float, float]  # rfr1, rfr2, rfr3 for one share
    half_share: tuple[float, float, float]


@dataclass(frozen=True)
class Income:
    gross: float
    net: float
    taxable: float


def salary(net: float) -> Income:
    """A monthly net salary as gross, net and taxable figures."""
    gross = net / SALARY_NET_SHARE
    return Income(round(gross, 2), net, round(net + SALARY_TAXABLE_EXTRA * gross, 2))


def tax_shares(couple: bool, children: int) -> float:
    """The household's tax shares: 1 or 2, plus one half for each of the first two children
    and one for each further child (CGI art. 194). A single parent's extra half is left out:
    it would only lower the CSG band."""
    return (2.0 if couple else 1.0) + 0.5 * min(children, 2) + max(children - 2, 0)


def pension_band(net_monthly: float, shares: float, thresholds: PensionThresholds) -> int:
    """0 exempt, 1 reduced, 2 median, 3 full rate, from the yearly pension as the RFR."""
    rfr = net_monthly * 12 * 0.9
    extra_halves = max(0.0, (shares - 1) * 2)
    for band, (first, half) in enumerate(zip(thresholds.first, thresholds.half_share, strict=True)):
        if rfr < first + extra_halves * half:
            return band
    return 3


def pension(net: float, band: int) -> Income:
    """A monthly net pension as gross, net and taxable figures for its CSG band."""
    csg, deductible = PENSION_CSG[band]
    levies = 0.0 if band == 0 else csg + CRDS + (CASA if band >= 2 else 0.0)
    gross = net / (1 - levies)
    return Income(round(gross, 2), net, round(gross * (1 - deductible), 2))


def other_income(net: float) -> Income:
    """Unemployment benefit and daily allowances: taken as exempt (see the module's text)."""
    return Income(net, net, net)
