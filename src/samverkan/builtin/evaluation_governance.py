"""The evaluation's second question, answered from the definition's ``[governance]``: roles,
mandates and formal steering as the board's papers state them, or that this is missing."""

from __future__ import annotations

from samverkan.api import Text
from samverkan.compose.registry import ReportContext
from samverkan.model.text import joined

NOTHING = Text("inget", "nothing")


def governance_answer(ctx: ReportContext) -> tuple[str, str, str]:
    """Roles, mandates and formal steering as the definition's ``[governance]`` states them."""
    lang, found = ctx.lang, ctx.definition.governance
    wanted = {
        "agreement": Text("samverkansavtalet (överenskommelsen)", "the cooperation agreement"),
        "reglemente": Text("nämndens reglemente", "the board's reglemente"),
        "roles": Text("roller och mandat", "roles and mandates"),
        "meetings": Text("nämndens sammanträden", "the board's meetings"),
        "decisions": Text("nämndens beslut", "the board's decisions"),
    }
    if found is None:
        return (
            Text(
                "Kan inte besvaras ur data: rapportdefinitionen har inga uppgifter om styrningen "
                "([governance]).",
                "Cannot be answered from the data: the definition holds nothing on governance "
                "([governance]).",
            )(lang),
            NOTHING(lang),
            joined([w(lang) for w in wanted.values()], lang),
        )
    year = ctx.period.year
    held = [m for m in found.meetings if m.date is None or m.date.year == year]
    parts = []
    if found.agreement:
        parts.append(Text("Avtal: ", "Agreement: ")(lang) + found.agreement.text + ".")
    if found.reglemente:
        parts.append("Reglemente: " + found.reglemente.text + ".")
    if found.roles and lang == "sv":
        parts.append("Roller: " + "; ".join(r.text for r in found.roles) + ".")
    elif found.roles:  # the papers' role words are Swedish: counted here, named in Swedish
        parts.append(f"Roles: {len(found.roles)} named in the papers (in Swedish).")
    parts.append(
        Text(
            f"Sammanträden {year}: {len(held)}; beslut registrerade: {len(found.decisions)}.",
            f"Meetings {year}: {len(held)}; decisions recorded: {len(found.decisions)}.",
        )(lang)
    )
    present = {
        "agreement": found.agreement is not None,
        "reglemente": found.reglemente is not None,
        "roles": bool(found.roles),
        "meetings": bool(held),
        "decisions": bool(found.decisions),
    }
    missing = [wanted[k](lang) for k, there in present.items() if not there]
    return " ".join(parts), "; ".join(found.sources()), joined(missing, lang) or NOTHING(lang)
