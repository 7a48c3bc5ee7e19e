"""Art. 15 DSGVO: everything the intranet holds about one person, as one JSON document.

Read from the schema itself, so a table added later is exported without anyone remembering to: a
row is the person's when one of its user keys names them, or when it is addressed to their mail
address (docs/privacy.md lists the tables).
"""

from datetime import date, datetime

from sqlalchemy import ColumnElement, Table, func, or_, select

from ..auth.models import User
from ..extensions import db
from ..formatting import format_datetime

# Secrets are never exported: hashes of passwords and links, the two-factor secret.
SECRET_COLUMNS = frozenset({"password_hash", "token_hash", "code_hash", "totp_secret"})
# Shared documents the person submitted or changed: named, but their text is the alliance's and names others.
SHARED_TEXT = frozenset({("minutes_versions", "body"), ("rules_versions", "text"), ("notices", "text")})
# Columns holding a mail address (the outbox's recipient, the address typed at a failed login).
ADDRESS_COLUMNS = frozenset({("outbox", "recipient"), ("sent_reminders", "recipient"), ("security_events", "actor_label")})


def _about(table: Table, user: User) -> ColumnElement[bool] | None:
    """The condition "this row is about the person", or None for a table that holds nobody."""
    if table.name == "users":
        return table.c.id == user.id
    conditions = [
        column == user.id
        for column in table.columns
        if any(key.column.table.name == "users" for key in column.foreign_keys)
    ]
    conditions += [
        func.lower(column) == user.email.lower() for column in table.columns if (table.name, column.name) in ADDRESS_COLUMNS
    ]
    return or_(*conditions) if conditions else None


def _value(value: object) -> object:
    return value.isoformat() if isinstance(value, date | datetime) else value


def personal_data(user: User, now: datetime) -> dict:
    tables = {}
    for table in db.metadata.sorted_tables:
        about = _about(table, user)
        if about is None:
            continue
        shown = [c for c in table.columns if c.name not in SECRET_COLUMNS and (table.name, c.name) not in SHARED_TEXT]
        rows = db.session.execute(select(*shown).where(about).order_by(*table.primary_key.columns)).mappings()
        found = [{name: _value(value) for name, value in row.items()} for row in rows]
        if found:
            tables[table.name] = found
    return {
        "beschreibung": "Daten des AKN Intranets über eine Person (Art. 15 DSGVO); Erläuterung der Tabellen: "
        "Datenschutzhinweise und docs/privacy.md. Passwort, Zwei-Faktor-Geheimnis und Links sind nur als Hash "
        "gespeichert und nicht enthalten; Protokolltexte, an denen die Person mitgewirkt hat, stehen im Intranet.",
        "person": {"name": user.name, "e_mail": user.email, "mitglied": user.affiliation},
        "erstellt_am": format_datetime(now),
        "tabellen": tables,
    }


def filename(user: User, now: datetime) -> str:
    return f"akn-daten-{user.id}-{now:%Y-%m-%d}.json"
