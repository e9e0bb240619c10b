"""A malformed option value or a missing subcommand is wrong usage: exit code 2 and one French
line saying what is wrong (SPEC.md, exit codes)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("bilan", "--mois", "13-2026"), "« 13-2026 » n'est pas un mois : écrivez-le AAAA-MM"),
        (("bilan", "--annee", "abc"), "« abc » n'est pas une année : écrivez-la AAAA"),
        (("bilan", "--format", "xml"), "« xml » n'est pas parmi"),
    ],
)
def test_malformed_bilan_option_is_wrong_usage(cli, args: tuple[str, ...], said: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert said in result.stderr
    assert "Erreur inattendue" not in result.stderr


@pytest.mark.parametrize("group", ["demarches", "lettres", "registre"])
def test_group_without_its_command_says_a_command_is_missing(cli, group: str) -> None:
    result = cli(group)
    assert result.exit_code == 2
    assert f"Il manque la commande après « cafedemarches {group} »" in result.stderr
    assert "liste" in result.stdout or "ajouter" in result.stdout  # the help, with its commands
