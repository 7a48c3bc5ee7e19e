"""``make bench``: seeded data sets, a load run under gunicorn and the figures in RESULTS.md."""
