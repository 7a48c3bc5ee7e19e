"""gunicorn settings for the AKN Intranet (``make serve``; see docs/deploy.md)."""

import os

bind = os.environ.get("AKN_BIND", "127.0.0.1:8000")  # behind a reverse proxy that terminates TLS
workers = int(os.environ.get("AKN_WORKERS", "2"))
worker_class = "sync"
timeout = 30
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then: memory stays flat
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("AKN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = "info"
# No request line with query strings in the access log; paths of personal links are redacted by the app.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
