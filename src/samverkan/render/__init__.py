"""Rendering: Swedish number formats, the house Plotly template, and the one-file HTML report."""
