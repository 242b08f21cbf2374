"""The definition against the plugins: every reader, reader option, section, goal KPI and
allocation method it names must be provided by a registered plugin. Checked before anything
is read, so a typo costs a second, not a build."""

from __future__ import annotations

from collections.abc import Mapping

from samverkan.allocate.registry import AllocationMethod
from samverkan.compose.registry import SectionType
from samverkan.errors import Problem
from samverkan.measure.registry import KPIType
from samverkan.read.definition import ReportDefinition
from samverkan.read.goals import check_against_kpis
from samverkan.read.registry import Reader


def check_references(
    definition: ReportDefinition,
    *,
    readers: Mapping[str, tuple[str, Reader]],
    sections: Mapping[str, tuple[str, SectionType]],
    kpis: Mapping[str, tuple[str, KPIType]],
    methods: Mapping[str, tuple[str, AllocationMethod]],
) -> list[Problem]:
    """Problems with what the definition asks of plugins: readers, options, sections, method."""
    file = str(definition.path)
    problems = []
    for i, source in enumerate(definition.sources):
        if source.reader not in readers:
            problems.append(
                Problem(
                    f"ingen plugin ger läsaren {source.reader!r}; tillgängliga: "
                    f"{', '.join(sorted(readers))}",
                    file,
                    None,
                    f"sources[{i}].reader",
                )
            )
            continue
        allowed = readers[source.reader][1].options
        problems += [
            Problem(
                f"okänd nyckel för läsaren {source.reader}; tillåtna: "
                f"{', '.join(allowed) or 'inga'}",
                file,
                None,
                f"sources[{i}].{key}",
            )
            for key in sorted(set(source.options) - set(allowed))
        ]
    for section in definition.sections:
        if section not in sections:
            problems.append(
                Problem(
                    f"ingen plugin ger avsnittet {section!r}; tillgängliga: "
                    f"{', '.join(sorted(sections))}",
                    file,
                    None,
                    "report.sections",
                )
            )
    if definition.goals is not None:
        declared = {kpi_id: kpi.kpi for kpi_id, (_, kpi) in kpis.items()}
        problems += check_against_kpis(definition.goals, declared)
    if definition.allocation is not None:
        spec = definition.allocation
        name = method_name(spec.method)
        if name not in methods:
            problems.append(
                Problem(
                    f"okänd fördelningsmetod {spec.method!r}; tillgängliga: "
                    f"{', '.join(sorted(methods))}",
                    file,
                    None,
                    "allocation.method",
                )
            )
        else:
            # The keys compared side by side read the same options (population's date).
            used = {name} | {method_name(key) for key in spec.compare}
            method_options = {o for m in used if m in methods for o in methods[m][1].options}
            problems += [
                Problem("okänd nyckel för metoden", file, None, f"allocation.{option}")
                for option in sorted(set(spec.options) - method_options)
            ]
    return problems


def method_name(key: str) -> str:
    """``two-step:usage:tickets`` → ``usage``: the method a key is computed by."""
    return key.removeprefix("two-step:").partition(":")[0]
