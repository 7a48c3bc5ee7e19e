"""Entry point for gunicorn: ``gunicorn wsgi:app``."""

from akn_intranet import create_app

app = create_app()
