"""The register's words: its columns and the closed lists of their values (SPEC.md,
« The tally »), with the French labels volunteers and funders read. Imports nothing: the tally
stores them, the guided session's answers file checks its `registre` block against them.
"""

from __future__ import annotations

# The fields of a session (shared by its lines), in CSV order.
SESSION_FIELDS: tuple[str, ...] = (
    "orientation",
    "autonomie",
    "duree",
    "premiere_visite",
    "tranche_age",
    "statut",
)

# The columns of a line, in CSV order: the line's own, then its session's.
FIELDS: tuple[str, ...] = ("id", "jour", "lieu", "demarche", "theme", "issue", *SESSION_FIELDS)

NOT_GIVEN = "non_communique"

CHOICES: dict[str, dict[str, str]] = {
    "theme": {
        "famille_scolarite": "Famille, scolarité",
        "social_sante": "Social, santé",
        "logement": "Logement",
        "travail_formation": "Travail, formation",
        "argent_impots": "Argent, impôts",
        "papiers_citoyennete": "Papiers, citoyenneté",
        "etrangers_europe": "Étrangers, Europe",
        "justice": "Justice",
        "transports": "Transports, mobilité",
        "autre": "Autre",
    },
    "issue": {
        "faite": "Faite à la table",
        "a_terminer": "À terminer avec la fiche",
        "rendez_vous": "Rendez-vous nécessaire",
        "orientee": "Orientée ailleurs",
        "non_eligible": "Non éligible",
        "information": "Information seulement",
        "abandon": "Abandon",
    },
    "orientation": {
        "aucune": "Aucune orientation",
        "caf": "CAF",
        "departement": "Département",
        "ccas": "CCAS, mairie",
        "france_services": "France Services",
        "france_travail": "France Travail",
        "cpam": "CPAM",
        "mdph": "MDPH",
        "association": "Association",
        "autre": "Autre structure",
    },
    "autonomie": {
        "accompagnee": "Accompagnée",
        "partiellement_autonome": "Partiellement autonome",
        "autonome": "Autonome",
        NOT_GIVEN: "Non communiqué",
    },
    "duree": {
        "moins_15": "Moins de 15 min",
        "15_30": "15 à 30 min",
        "30_60": "30 min à 1 h",
        "plus_60": "Plus d'1 h",
        NOT_GIVEN: "Non communiquée",
    },
    "premiere_visite": {
        "oui": "Première visite",
        "non": "Déjà venue",
        NOT_GIVEN: "Non communiqué",
    },
    "tranche_age": {
        "moins_18": "Moins de 18 ans",
        "18_24": "18 à 24 ans",
        "25_39": "25 à 39 ans",
        "40_59": "40 à 59 ans",
        "60_69": "60 à 69 ans",
        "70_plus": "70 ans et plus",
        NOT_GIVEN: "Non communiqué",
    },
    "statut": {
        "scolarise_etudiant": "Scolarisée, étudiante",
        "sans_emploi": "Sans emploi",
        "en_emploi": "En emploi",
        "retraite": "Retraitée",
        NOT_GIVEN: "Non communiqué",
    },
}
