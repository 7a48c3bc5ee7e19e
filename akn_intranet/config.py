"""Configuration from environment variables, with defaults that run on a laptop."""

import os
import secrets
from pathlib import Path

from .clock import system_utcnow


def _instance_secret(instance_path: str) -> str:
    """A secret key kept in the instance folder so sessions survive a restart of ``make run``."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def from_environment(instance_path: str) -> dict:
    env = os.environ
    base_url = env.get("AKN_BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    mail_server = env.get("MAIL_SERVER") or None
    return {
        "SECRET_KEY": env.get("SECRET_KEY") or _instance_secret(instance_path),
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL")
        or f"sqlite:///{Path(instance_path) / 'akn.sqlite3'}",
        "AKN_BASE_URL": base_url,
        # Reverse proxies in front (nginx: 1): their X-Forwarded-For/-Proto are trusted, no others.
        "AKN_PROXY_HOPS": int(env.get("AKN_PROXY_HOPS", "0")),
        "AKN_CLOCK": system_utcnow,
        # Mail: without MAIL_SERVER it stays in the outbox and is shown in the UI.
        "AKN_SEND_MAIL": mail_server is not None,
        "MAIL_SERVER": mail_server or "localhost",
        "MAIL_PORT": int(env.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": env.get("MAIL_USE_TLS", "") == "1",
        "MAIL_USE_SSL": env.get("MAIL_USE_SSL", "") == "1",
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "AKN Intranet <akn-intranet@localhost>"),
        "AKN_MAIL_MAX_ATTEMPTS": int(env.get("AKN_MAIL_MAX_ATTEMPTS", "6")),
        "AKN_MAIL_RETRY_SECONDS": int(env.get("AKN_MAIL_RETRY_SECONDS", "60")),
        # A claim older than this belongs to a sender that died (kill -9): its mail is taken over.
        "AKN_MAIL_CLAIM_SECONDS": int(env.get("AKN_MAIL_CLAIM_SECONDS", "120")),
        "AKN_APPROVAL_LINK_DAYS": int(env.get("AKN_APPROVAL_LINK_DAYS", "21")),
        "AKN_INVITATION_LINK_DAYS": int(env.get("AKN_INVITATION_LINK_DAYS", "7")),
        # Contacts who have not answered a forum's invitation are reminded this many days before it.
        "AKN_ATTENDANCE_REMINDER_DAYS": int(env.get("AKN_ATTENDANCE_REMINDER_DAYS", "3")),
        # A calendar address works this long; the person makes a new one on the Kalender page.
        "AKN_CALENDAR_FEED_DAYS": int(env.get("AKN_CALENDAR_FEED_DAYS", "730")),
        # Anlagen: files on disk, content-addressed (docs/deploy.md: back this folder up with the database).
        "AKN_ATTACHMENT_FOLDER": env.get("AKN_ATTACHMENT_FOLDER") or str(Path(instance_path) / "attachments"),
        "AKN_ATTACHMENT_MAX_MB": int(env.get("AKN_ATTACHMENT_MAX_MB", "20")),
        # Who runs the intranet and whom people write to: the defaults of Impressum, Datenschutzhinweise
        # and Erklärung zur Barrierefreiheit (the coordinator can replace each text; docs/privacy.md).
        "AKN_OPERATOR": env.get("AKN_OPERATOR", "Rhein-Kreis Neuss, Koordination der Allianz für Klima und Nachhaltigkeit"),
        "AKN_CONTACT_EMAIL": env.get("AKN_CONTACT_EMAIL", ""),  # empty: the sender address
        # The OParl 1.1 read interface under /oparl/v1/: off (404), token (Bearer token or ?access_token=) or public.
        "AKN_OPARL": env.get("AKN_OPARL", "off"),
        "AKN_OPARL_TOKEN": env.get("AKN_OPARL_TOKEN", ""),
        "AKN_OPARL_PAGE_SIZE": int(env.get("AKN_OPARL_PAGE_SIZE", "20")),
        "AKN_OPARL_MAX_PAGE_SIZE": int(env.get("AKN_OPARL_MAX_PAGE_SIZE", "100")),
        # Retention (akn tick): delivered mail bodies, sign-in records, the rest of the security log.
        "AKN_RETENTION_DAYS": {
            "mail": int(env.get("AKN_KEEP_MAIL_DAYS", "90")),
            "logins": int(env.get("AKN_KEEP_LOGIN_DAYS", "90")),
            "security_log": int(env.get("AKN_KEEP_SECURITY_LOG_DAYS", "365")),
        },
        # Argon2id parameters (argon2-cffi's defaults: RFC 9106 low-memory profile).
        "AKN_ARGON2_TIME_COST": int(env.get("AKN_ARGON2_TIME_COST", "3")),
        "AKN_ARGON2_MEMORY_COST": int(env.get("AKN_ARGON2_MEMORY_COST", "65536")),
        # The coordinator must sign in with a second factor. On wherever pages are served for real
        # (gunicorn, wsgi.py); off by default under the development server of `akn run` / `make run`,
        # which Flask's command line marks with FLASK_RUN_FROM_CLI, so the demo logins work as printed.
        "AKN_REQUIRE_2FA_FOR_COORDINATOR": env.get(
            "AKN_REQUIRE_2FA_FOR_COORDINATOR", "0" if env.get("FLASK_RUN_FROM_CLI") == "true" else "1"
        ) == "1",
        "SESSION_COOKIE_SECURE": base_url.startswith("https://"),
        "REMEMBER_COOKIE_SECURE": base_url.startswith("https://"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "MAIL_SUPPRESS_SEND": False,
        "WTF_I18N_ENABLED": False,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    }
