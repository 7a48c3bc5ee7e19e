"""gunicorn settings for the AKN Intranet (``make serve``; see docs/deploy.md)."""

import gc
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

# The app is loaded once, in the master: a worker recycled after max_requests is a fork, ready in
# milliseconds, instead of importing everything again while the other worker carries the load.
preload_app = True


def pre_fork(server, worker) -> None:  # noqa: ANN001  (gunicorn's hook)
    """What lives as long as the process (modules, the app, the mappers) leaves the garbage collector's
    full sweeps, which otherwise walked it all for ~80 ms every ~80 dashboard requests (bench/RESULTS.md)."""
    from sqlalchemy.orm import configure_mappers

    configure_mappers()  # else done by a worker's first query, after the freeze
    gc.freeze()


def post_fork(server, worker) -> None:  # noqa: ANN001  (gunicorn's hook)
    """A worker never shares a database connection with the master or its siblings; it starts by
    sending what is due."""
    app = server.app.wsgi()  # loaded in the master (preload_app)
    database = getattr(app, "extensions", {}).get("sqlalchemy")
    if database is not None:
        with app.app_context():
            database.engine.dispose(close=False)
    sender = getattr(app, "extensions", {}).get("akn_mail_sender")
    if sender is not None:
        sender.wake()  # mail a stopped worker released (or a commit of the last moments) goes out now


def worker_exit(server, worker) -> None:  # noqa: ANN001  (gunicorn's hook, in the worker process)
    """A worker stopping on purpose (SIGTERM, max_requests, restart) finishes the message it is
    sending and releases its other claims: the next sender takes them at once, none twice."""
    app = server.app.wsgi()
    sender = getattr(app, "extensions", {}).get("akn_mail_sender")
    if sender is not None:
        sender.stop()
