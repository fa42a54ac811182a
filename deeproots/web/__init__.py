"""The local dashboard (``deeproots serve``) and the static portfolio: a front end on deeproots.app,
like the CLI. Starlette + uvicorn, Jinja2 templates with autoescaping, every asset in ``static/``
(no CDN: the pages work offline)."""
