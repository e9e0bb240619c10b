"""The benefits the kit estimates and checks against OpenFisca-France, and where the kit and the
model part ways (the exceptions, each with its source: the one place they are written down).

`BENEFITS` maps an OpenFisca variable to the kit's procedure; a procedure the kit does not ship
yet (`allocations-familiales`…) is skipped until a checklist with that id exists. `SCREENED` are
checked against the model but never estimated in a session: what decides them (the MDPH's
decision, the work history, the GIR of the Department's assessment) is not asked there.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Benefit:
    variable: str  # OpenFisca-France variable (euros a month; `ars`: a year)
    procedure: str  # the kit's checklist id
    name: str  # how a person says it
    rule: str  # the one line that decides it
    yearly: bool = False


BENEFITS: tuple[Benefit, ...] = (
    Benefit(
        "rsa",
        "rsa",
        "RSA",
        "Montant forfaitaire selon le foyer, moins les ressources des 3 derniers mois et le "
        "forfait logement ; pas de versement sous 6 € (CASF art. L262-2, R262-1).",
    ),
    Benefit(
        "ppa",
        "prime-activite",
        "Prime d'activité",
        "Montant forfaitaire plus 59,85 % des revenus d'activité, moins les ressources du foyer "
        "(au moins le forfait), plus une bonification par salaire proche du Smic "
        "(CSS art. L842-3, D843-3).",
    ),
    Benefit(
        "aide_logement",
        "aide-logement",
        "Aide au logement",
        "Selon le loyer (dans la limite d'un plafond par zone), le foyer et les revenus des "
        "12 derniers mois (CCH art. L823-1, R823-1).",
    ),
    Benefit(
        "asf",
        "asf",
        "Allocation de soutien familial",
        "Par enfant élevé sans l'aide de l'autre parent ; une pension versée est déduite "
        "(CSS art. L523-1, R523-7).",
    ),
    Benefit(
        "aspa",
        "aspa",
        "Minimum vieillesse (ASPA)",
        "Complète les ressources jusqu'au plafond dès 65 ans (62 en cas d'inaptitude) ; "
        "10 ans de titre de séjour hors Union européenne (CSS art. L815-1, L816-1).",
    ),
    Benefit(
        "aah",
        "aah",
        "Allocation aux adultes handicapés",
        "Si la MDPH reconnaît un taux d'incapacité d'au moins 80 % (ou 50 à 79 % avec une "
        "restriction pour l'emploi), moins les ressources (CSS art. L821-1).",
    ),
    Benefit(
        "ars",
        "ars",
        "Allocation de rentrée scolaire",
        "Par enfant de 6 à 18 ans scolarisé, sous un plafond de revenus de l'année N-2, "
        "versée en août (CSS art. L543-1).",
        yearly=True,
    ),
    Benefit(
        "paje_base",
        "paje",
        "Allocation de base de la PAJE",
        "Pour un enfant de moins de 3 ans, sous un plafond de revenus (CSS art. L531-3).",
    ),
    Benefit(
        "af",
        "allocations-familiales",
        "Allocations familiales",
        "Dès 2 enfants à charge, selon les revenus (CSS art. L521-1).",
    ),
)


SCREENED: tuple[Benefit, ...] = (
    Benefit(
        "aeeh",
        "aeeh",
        "Allocation d'éducation de l'enfant handicapé",
        "Pour un enfant de moins de 20 ans dont la MDPH reconnaît le handicap (au moins 80 %, "
        "ou 50 à 79 % avec des soins ou une école adaptée), sans condition de revenus "
        "(CSS art. L541-1, R541-1).",
    ),
    Benefit(
        "ass",
        "ass",
        "Allocation de solidarité spécifique",
        "Après la fin de l'allocation chômage, 5 ans de travail dans les 10 ans avant la fin du "
        "dernier contrat, sous un plafond de ressources (Code du travail art. L5423-1, R5423-1).",
    ),
    Benefit(
        "apa_domicile",
        "apa",
        "Allocation personnalisée d'autonomie (à domicile)",
        "Dès 60 ans, perte d'autonomie en GIR 1 à 4 évaluée par le Département ; le plan d'aide "
        "moins une participation selon les revenus (CASF art. L232-1, L232-2).",
    ),
)


@dataclass(frozen=True)
class Exception_:
    """A rule the kit knows and the model does not (or the reverse), with its source."""

    id: str
    procedure: str
    what: str
    source: str


EXCEPTIONS: tuple[Exception_, ...] = (
    Exception_(
        "aspa-hors-eee",
        "aspa",
        "OpenFisca-France 176.1.8 never gives the ASPA to a national from outside the EEA, "
        "whatever the years of permit: asi_aspa_condition_nationalite calls numpy's or_ with "
        "three arguments, the third taken as the output array, so the 10-year condition is "
        "dropped (model/prestations/minima_sociaux/asi_aspa.py); it pays the RSA instead. The kit points such a person of 65 or more with 10 "
        "years of permit to the ASPA (the law), not to the RSA.",
        "https://www.service-public.fr/particuliers/vosdroits/F16871",
    ),
    Exception_(
        "aspa-avant-rsa",
        "rsa",
        "From 65 the RSA comes only after the ASPA is claimed (the RSA is paid once the other "
        "benefits are asked, CASF art. L262-10). The model may add a small RSA to the ASPA "
        "when another income (the ASS) lowers the ASPA; the kit points to the ASPA, whose "
        "claim the CAF then completes.",
        "https://www.service-public.fr/particuliers/vosdroits/F19778",
    ),
    Exception_(
        "rsa-activite",
        "rsa",
        "A person who works with low earnings is pointed to the prime d'activité, whose "
        "simulation and claim on caf.fr also tell and open the RSA (one simulator for both); "
        "the repérage lists the RSA apart only for a person without work.",
        "https://www.service-public.fr/particuliers/vosdroits/F2882",
    ),
    Exception_(
        "asf-couple-recueil",
        "asf",
        "A couple (grandparents, an uncle…) raising a child without its parents can get the "
        "ASF; OpenFisca gives it only to a parent alone (asf_elig). The kit asks about a child "
        "taken in and suggests the ASF; the model says 0.",
        "https://www.service-public.fr/particuliers/vosdroits/F33647",
    ),
    Exception_(
        "refugies",
        "rsa",
        "Refugees, stateless people and beneficiaries of subsidiary protection need no years "
        "of permit; OpenFisca has no such status: the kit gives them the permit years the "
        "condition asks (situation.py).",
        "https://www.service-public.fr/particuliers/vosdroits/F19778",
    ),
    Exception_(
        "rsa-jeune-actif",
        "rsa",
        "The RSA « jeune actif » (18-24, two years of full-time work in the last three) is "
        "asked by the RSA checklist, not by the repérage; the grid never sets it.",
        "https://www.service-public.fr/particuliers/vosdroits/F19778",
    ),
    Exception_(
        "aah-taux",
        "aah",
        "The MDPH decides the rate of disability; the grid takes 80 % for a person who says "
        "her handicap gêne beaucoup, the kit suggests the AAH from 16 (the model: from 20, or "
        "16 when no longer a dependent child).",
        "https://www.service-public.fr/particuliers/vosdroits/F12242",
    ),
    Exception_(
        "aspa-62",
        "aspa",
        "The kit suggests the ASPA from 62 (inaptitude, disability); the model from 65 unless "
        "an inaptitude is entered, which the grid never does.",
        "https://www.service-public.fr/particuliers/vosdroits/F16871",
    ),
    Exception_(
        "css-plafonds",
        "complementaire-sante-solidaire",
        "Not checked: OpenFisca-France 176.1 still has the income ceilings of 1 April 2024.",
        "https://www.service-public.fr/particuliers/vosdroits/F10027",
    ),
    Exception_(
        "cheque-energie",
        "cheque-energie",
        "Not checked: sent without a claim by the tax data; the kit suggests it for a "
        "person who struggles to pay energy bills (to check it arrives).",
        "https://www.service-public.fr/particuliers/vosdroits/F35136",
    ),
)
