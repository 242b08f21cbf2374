"""Stage 5, compose: the report's context, its sections from the plugins, the first screen and
the data-quality appendix, as blocks described apart from HTML; and ``prepare``, the pipeline
of stages 1–4 that ``report`` and ``validate`` share."""
