"""Monthly HR/payroll exports, per employee or aggregated, into one checked table.

One row is a month and a group of people: a single employee (leave ``Antal anställda`` out)
or an aggregate of ``Antal anställda`` people of one municipality, förvaltning, unit, role,
gender and age group, as payroll systems export them. Hours are the month's ordinary working
hours and the sick-leave hours within them; ``Sjuktimmar 60 dagar eller mer`` is the part in
spells of 60 days or more (SKR's second measure). Headers are renamable with
``columns = {fte = "ÅA", …}``; ``min_group`` sets the smallest group the report may show;
``units = ["IT", "Växel"]`` keeps only those units' rows (a board's own staff in an export of
the whole workforce).

The table (:data:`TABLE`) keeps every quantity exact, as an integer in the smallest step it is
written in: ``fte_x10000`` (årsarbetare × 10 000), ``ordinary_hours_x100``, ``sick_hours_x100``,
``sick_long_hours_x100`` and ``leave_hours_x100`` (hours × 100), ``cost_ore``; counts as they are.
A ratio of two sums is then the same on every run, which a sum of floats is not.
"""

from __future__ import annotations

import polars as pl

from samverkan.api import (
    LINE,
    Check,
    InputError,
    Note,
    Noun,
    RawTable,
    ReadContext,
    ReadResult,
    Source,
    amount_expr,
    cell_problems,
    first_row,
    fmt_count,
    member_code,
    read_source,
    require_filled,
    role_columns,
)

TABLE = "personal.manader"
ROWS = Noun("rad", "rader", "row", "rows")
MIN_GROUP = 5
"""Default smallest group of people the report shows (``min_group`` in the source)."""
OPTIONS = ("columns", "separator", "sheet", "min_group", "units")
SCHEMA: dict[str, pl.DataType] = {
    **dict.fromkeys(("month", "municipality", "forvaltning", "unit", "role"), pl.String()),
    "gender": pl.String(),  # K or M
    "age_group": pl.String(),  # SKR's groups: –29, 30–49, 50–
    "headcount": pl.Int64(),
    "fte_x10000": pl.Int64(),
    **dict.fromkeys(
        ("ordinary_hours_x100", "sick_hours_x100", "sick_long_hours_x100", "leave_hours_x100"),
        pl.Int64(),
    ),
    **dict.fromkeys(("cost_ore", "hires", "terminations", "payslips", "corrections"), pl.Int64()),
    "min_group": pl.Int64(),  # the smallest group the source lets the report show
    "source": pl.String(),
    "origin": pl.String(),
}
"""The staff table as the reader declares it (``context.extras[TABLE]``)."""
ROLES = {
    "month": "Månad",
    "municipality": "Kommun",
    "forvaltning": "Förvaltning",
    "unit": "Enhet",
    "role": "Befattning",
    "employee": "Anställningsnummer",
    "gender": "Kön",
    "age": "Ålder",
    "headcount": "Antal anställda",
    "fte": "Årsarbetare",
    "ordinary_hours": "Ordinarie timmar",
    "sick_hours": "Sjuktimmar",
    "sick_long_hours": "Sjuktimmar 60 dagar eller mer",
    "leave_hours": "Tjänstledighet timmar",
    "cost": "Personalkostnad",
    "hires": "Nyanställda",
    "terminations": "Avslutade",
    "payslips": "Lönebesked",
    "corrections": "Rättade lönebesked",
}
MAY_BE_EMPTY = ("unit", "role")
REQUIRED = (
    "month",
    "municipality",
    "forvaltning",
    "gender",
    "age",
    "fte",
    "ordinary_hours",
    "sick_hours",
    "sick_long_hours",
)
# Written units: hours and kronor to two decimals, årsarbetare to four, the rest whole numbers.
SCALE = {"fte": 10_000, "ordinary_hours": 100, "sick_hours": 100, "sick_long_hours": 100}
SCALE |= {"leave_hours": 100, "cost": 100, "headcount": 1, "hires": 1, "terminations": 1}
SCALE |= {"payslips": 1, "corrections": 1}
NOT_ABOVE = (  # (a part, what it is a part of, the message when the part is larger)
    ("sick_hours", "ordinary_hours", "{value!r}: fler sjuktimmar än ordinarie timmar"),
    (
        "sick_long_hours",
        "sick_hours",
        "{value!r}: fler timmar i långa sjukfall än sjuktimmar totalt",
    ),
    ("leave_hours", "ordinary_hours", "{value!r}: fler timmar tjänstledighet än ordinarie timmar"),
    ("corrections", "payslips", "{value!r}: fler rättade lönebesked än lönebesked"),
)
AGE_GROUPS = ("–29", "30–49", "50–")
_AGE_LABELS = {"-29": 0, "<=29": 0, "29elleryngre": 0, "30-49": 1, "50-": 2, ">=50": 2}
_AGE_LABELS |= {"50elleräldre": 2}
_GENDERS = {"k": "K", "kvinna": "K", "kvinnor": "K", "m": "M", "man": "M", "män": "M"}


def _age_group(column: str) -> pl.Expr:
    """``–29``, ``30–49`` or ``50–`` from an age in years or a written group; null otherwise."""
    text = pl.col(column).str.to_lowercase().str.replace_all(r"[\s]", "")
    text = text.str.replace_all("[\u2212\u2011\u2013\u2014]", "-").str.replace_all("≤", "<=")
    text = text.str.replace_all("≥", ">=")
    years = text.cast(pl.Int64, strict=False)
    from_years = pl.when(years <= 29).then(0).when(years <= 49).then(1).when(years > 49).then(2)
    index = pl.coalesce(from_years, text.replace_strict(_AGE_LABELS, default=None))
    return index.replace_strict(dict(enumerate(AGE_GROUPS)), default=None, return_dtype=pl.String)


def _month(column: str) -> pl.Expr:
    """``2018-04`` from ``2018-04``, ``2018-04-30`` or ``201804``; null for anything else."""
    pattern = r"^([0-9]{4})-?([0-9]{2})(?:-[0-9]{2})?$"
    parts = pl.col(column).str.strip_chars().str.extract_groups(pattern)
    month = parts.struct.field("2").cast(pl.Int8, strict=False)
    return pl.when(month.is_between(1, 12)).then(
        pl.format("{}-{}", parts.struct.field("1"), parts.struct.field("2"))
    )


def _parse(table: RawTable, col: dict[str, str], context: ReadContext) -> pl.DataFrame:
    """Typed columns beside the text ones, or every problem in the file at once."""
    numbers = {role: scale for role, scale in SCALE.items() if role in col}
    frame = table.frame.with_columns(
        _month=_month(col["month"]),
        _municipality=member_code(col["municipality"], context.unit),
        _gender=pl.col(col["gender"])
        .str.strip_chars()
        .str.to_lowercase()
        .replace_strict(_GENDERS, default=None),
        _age=_age_group(col["age"]),
        **{f"_{r}": amount_expr(col[r], s, table.decimal_mark) for r, s in numbers.items()},
    )
    checks: list[Check] = [
        (pl.col("_month").is_null(), col["month"], "{value!r}: skriv månaden som 2018-04"),
        (
            pl.col("_municipality").is_null(),
            col["municipality"],
            "{value!r} är ingen medlemskommun",
        ),
        (pl.col("_gender").is_null(), col["gender"], "{value!r}: kön ska vara K eller M"),
        (
            pl.col("_age").is_null(),
            col["age"],
            "{value!r}: ange ålder i år eller åldersgrupp –29, 30–49, 50–",
        ),
    ]
    for role in numbers:
        header = col[role]
        unparsed = pl.col(header).is_not_null() & pl.col(f"_{role}").is_null()
        checks.append((unparsed, header, "{value!r} är inget tal; skriv till exempel 165,5"))
        checks.append((pl.col(f"_{role}") < 0, header, "{value!r}: får inte vara negativt"))
    for part, whole, message in NOT_ABOVE:
        if part in col and whole in col:
            checks.append((pl.col(f"_{part}") > pl.col(f"_{whole}"), col[part], message))
    if "employee" in col:
        twice = pl.struct(col["employee"], "_month").is_duplicated()
        checks.append(
            (twice, col["employee"], "anställd {value!r} förekommer två gånger samma månad")
        )
    problems = cell_problems(table, frame, checks)
    if problems:
        raise InputError(problems)
    return frame


def _in_units(source: Source, col: dict[str, str], frame: pl.DataFrame) -> pl.Expr:
    """The rows of the units the source's ``units`` option names (every row without it)."""
    units = source.options.get("units")
    if units is None:
        return pl.lit(True)
    if not isinstance(units, list) or not units or not all(isinstance(u, str) for u in units):
        raise InputError.at(
            'units ska vara en lista, till exempel ["IT", "Växel"]', source.name, None, "units"
        )
    if "unit" not in col:
        raise InputError.at(f"units kräver kolumnen {ROLES['unit']!r}", source.name, None, "units")
    unit = pl.col(col["unit"]).str.strip_chars()
    known = set(frame.select(unit.unique().drop_nulls()).to_series().to_list())
    missing = [u for u in units if u not in known]
    if missing:
        raise InputError.at(
            f"enheterna {missing} finns inte i filen; den har {sorted(known)}",
            source.name,
            None,
            "units",
        )
    return unit.is_in(units)


def _min_group(source: Source) -> int:
    value = source.options.get("min_group", MIN_GROUP)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InputError.at(
            "min_group ska vara ett heltal, minst 1 (antal personer)",
            source.name,
            None,
            "min_group",
        )
    return value


def read_staff(source: Source, context: ReadContext) -> ReadResult:
    """The checked monthly table (as an extra), employees and payslips as drivers, and notes."""
    table = read_source(source)
    col = role_columns(table, source.options.get("columns"), ROLES, REQUIRED)
    # Enhet and Befattning are empty where the export groups people above them.
    require_filled(table, table.frame, [h for r, h in col.items() if r not in MAY_BE_EMPTY])
    frame = _parse(table, col, context)
    last = str(context.period.last_month)
    later = frame.filter(pl.col("_month") > last)
    notes = []
    if later.height:
        notes.append(
            Note(
                {
                    "sv": f"{fmt_count(later.height, ROWS, 'sv')} för månader efter {last} "
                    "ingår inte i rapporten",
                    "en": f"{fmt_count(later.height, ROWS, 'en')} for months after {last} "
                    "left out of the report",
                },
                first_row(later, source.name),
            )
        )

    def value(role: str, default: int | None = None) -> pl.Expr:
        # Exact integers in the written unit's smallest step (see SCALE): a sum of them is the
        # same whatever order polars adds them in, which a sum of floats is not.
        return pl.col(f"_{role}") if role in col else pl.lit(default, pl.Int64)

    def text_of(role: str) -> pl.Expr:
        return pl.col(col[role]).str.strip_chars() if role in col else pl.lit(None, pl.String)

    staff = frame.filter((pl.col("_month") <= last) & _in_units(source, col, frame)).select(
        pl.col("_month").alias("month"),
        pl.col("_municipality").alias("municipality"),
        text_of("forvaltning").alias("forvaltning"),
        text_of("unit").alias("unit"),
        text_of("role").alias("role"),
        pl.col("_gender").alias("gender"),
        pl.col("_age").alias("age_group"),
        value("headcount", 1).alias("headcount"),
        value("fte").alias("fte_x10000"),
        *(
            value(h).alias(f"{h}_x100")
            for h in ("ordinary_hours", "sick_hours", "sick_long_hours", "leave_hours")
        ),
        value("cost").alias("cost_ore"),
        *(value(r).alias(r) for r in ("hires", "terminations", "payslips", "corrections")),
        pl.lit(_min_group(source)).alias("min_group"),
        pl.lit(source.citation).alias("source"),
        pl.format("{}:{}", pl.lit(source.name), pl.col(LINE)).alias("origin"),
    )
    return ReadResult(_drivers(staff, source), tuple(notes), {TABLE: staff})


def _drivers(staff: pl.DataFrame, source: Source) -> pl.DataFrame:
    """Employees at each year's last reported month and payslips per month, per member (so a
    key counts the payslips of the time it covers)."""
    year = pl.col("month").str.slice(0, 4)
    last_months = staff.group_by(year.alias("year")).agg(pl.col("month").max())
    employees = (
        staff.join(last_months, on="month")
        .group_by("municipality", "month")
        .agg(pl.col("headcount").sum().alias("quantity"), pl.col("origin").min())
        .select(
            pl.lit("employees").alias("driver"),
            "municipality",
            pl.col("month").alias("reference_date"),
            "quantity",
            "origin",
        )
    )
    payslips = (
        staff.filter(pl.col("payslips").is_not_null())
        .group_by("municipality", pl.col("month").alias("reference_date"))
        .agg(pl.col("payslips").sum().alias("quantity"), pl.col("origin").min())
        .select(
            pl.lit("payslips").alias("driver"),
            "municipality",
            "reference_date",
            "quantity",
            "origin",
        )
    )
    return (
        pl.concat([employees, payslips])
        .select(
            "driver",
            "municipality",
            "reference_date",
            pl.col("quantity").cast(pl.Int64),
            pl.lit(False).alias("estimate"),
            pl.format(
                "{} (antal {})",
                pl.lit(source.citation),
                pl.col("driver").replace({"employees": "anställda", "payslips": "lönebesked"}),
            ).alias("source"),
            "origin",
        )
        .sort("driver", "reference_date", "municipality")
    )
