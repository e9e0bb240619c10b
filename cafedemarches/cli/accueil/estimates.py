"""« Estimer les montants », from « Et maintenant ? » in the guided session: the few figures an
estimate needs that the session did not ask, then the estimates on screen (and on the sheet
only if the volunteer chooses it). OpenFisca-France is warmed in the background from the first
answer of the session, so that the estimate comes at once."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from cafedemarches.cli.estimer import estimate_lines
from cafedemarches.content.estimate_inputs import estimate_questions, postcode_error
from cafedemarches.estimate import model
from cafedemarches.estimate.estimator import estimate
from cafedemarches.session.interview import interview

if TYPE_CHECKING:
    from rich.console import Console

    from cafedemarches.content.loader import Content
    from cafedemarches.content.models import Answer
    from cafedemarches.session.prompter import Prompter


def estimate_in_session(
    prompter: Prompter,
    screen: Console,
    content: Content,
    conversation: dict[str, Answer],
    today: dt.date,
) -> tuple[str, ...]:
    """Ask what is missing, show the estimates; the lines for the sheet if the volunteer
    wants them there (else none)."""
    from rich.text import Text

    questions = [q for q in estimate_questions() if q.id != "code_postal"]
    _derive_children_under_3(conversation)
    answers = interview(prompter, questions, conversation)
    if answers.get("logement") == "locataire":
        if "code_postal" not in conversation:
            conversation["code_postal"] = prompter.text(
                "Quel est le code postal du logement ?",
                validate=_postcode_problem,
                help="Les aides au logement dépendent de la zone (5 chiffres, par exemple 38000).",
            ).strip()
        answers["code_postal"] = conversation["code_postal"]
    if model.loading():
        screen.print(Text("Le modèle OpenFisca finit de se charger…", style="dim"))
    try:
        result = estimate(answers, today, procedures=content.checklists)
    except model.ModelUnavailable as exc:
        screen.print(
            Text(f"Pas d'estimation : {exc}. Le reste de la séance continue.", style="yellow")
        )
        return ()
    lines = estimate_lines(result)
    for text, style in lines:
        screen.print(Text(text, style=style))
    if not result.estimates:
        return ()
    if prompter.confirm("Mettre ces estimations sur la feuille ?", default=False):
        return tuple(text for text, _ in lines)  # the same words, each line as shown
    return ()


def _derive_children_under_3(conversation: dict[str, Answer]) -> None:
    """What the repérage's « un enfant de moins de 3 ans ? » already says of the count."""
    if "enfants_moins_3" in conversation or "enfant_moins_3" not in conversation:
        return
    if conversation["enfant_moins_3"] is False:
        conversation["enfants_moins_3"] = 0
    elif conversation.get("enfants_a_charge") == 1:
        conversation["enfants_moins_3"] = 1


def _postcode_problem(value: str) -> str | None:
    return postcode_error(value.strip())
