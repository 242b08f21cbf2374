"""The domain as small frozen values: municipalities, boards, areas, KPIs, periods, text in two
languages, exact money, the canonical tables' schemas and data-quality notes. Every stage
builds on these; they import nothing of the stages."""
