"""Stage 2, measure: every registered KPI computed once from the read tables."""
