"""Stage 4, follow up: each goal indicator's status and trend from the KPIs, rolled up."""
