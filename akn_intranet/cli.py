"""``akn …`` (or ``flask --app akn_intranet akn …``): set up the database, seed the demo, send the outbox."""

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate import upgrade

from workflows.lifecycle import mermaid_diagram

from .attachments.storage import collect_garbage
from .clock import local_today, utcnow
from .demo import DEMO_PASSWORD, seed_demo_accounts, seed_demo_forum
from .extensions import db
from .mail.sending import send_due
from .members.founding import seed_founding_members
from .members.operations import apply_membership_changes
from .oparl.files import record_missing_figures
from .privacy.retention import apply_retention
from .projects.operations import seed_fields_of_action
from .reminders.operations import run_due
from .rules.operations import seed_rules
from .search.indexing import reindex
from .transactions import commit


@click.group()
def akn() -> None:
    """AKN Intranet: Verwaltung."""


class _Console(FlaskGroup):
    """Flask's own commands (run, shell, routes, db …) and the ``akn`` ones side by side."""
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in super().list_commands(ctx) if name != "akn"]  # its commands are already at the top


def main() -> None:
    """The ``akn`` console script: ``akn run``, ``akn init-db``, ``akn tick`` … without ``flask --app``."""
    from . import create_app  # the package's __init__ imports this module while it builds the app

    console = _Console(name="akn", help="AKN Intranet: Verwaltung und Entwicklungsserver.", create_app=create_app)
    console.params = [param for param in console.params if param.name != "app"]  # the app is this one
    for command in akn.commands.values():
        console.add_command(command)
    console.main(prog_name="akn")


@akn.command("init-db")
@with_appcontext
def init_db() -> None:
    """Bring the schema up to date (Alembic) and create the founding members; idempotent."""
    upgrade()
    seed_founding_members()
    seed_fields_of_action()
    seed_rules()
    commit()
    click.echo("Datenbank bereit.")


@akn.command("demo")
@with_appcontext
def demo() -> None:
    """Bring the schema up to date, seed the alliance and the demo accounts; print the logins."""
    upgrade()
    users = seed_demo_accounts()
    seed_demo_forum()
    commit()
    click.echo(f"\nDemo-Anmeldungen (Passwort für alle: {DEMO_PASSWORD}):")
    for user in users:
        click.echo(f"  {user.email:32} {user.name} – {user.affiliation} ({user.role})")
    click.echo(f"\nAKN Intranet: {current_app.config['AKN_BASE_URL']}\n")


@akn.command("search-reindex")
@with_appcontext
def search_reindex() -> None:
    """Build the search index anew from the data (the migration does it once; after a restore or bulk SQL)."""
    count = reindex(db.session.connection())
    commit()
    click.echo(f"Suchindex neu aufgebaut: {count} Einträge.")


@akn.command("send-mail")
@with_appcontext
def send_mail() -> None:
    """Send due mail from the outbox (safe to run from cron at any time)."""
    if not current_app.config["AKN_SEND_MAIL"]:
        click.echo("Kein MAIL_SERVER gesetzt: die Post bleibt im Postausgang.")
        return
    report = send_due()
    click.echo(f"gesendet: {report.sent}, erneuter Versuch später: {report.retrying}, fehlgeschlagen: {report.failed}")


@akn.command("tick")
@with_appcontext
def tick() -> None:
    """Periodic work: deadlines, reminders, tacit approval, retention, mail retries, files no attachment names,
    the sizes and checksums of the files OParl hands out.
    Idempotent; run it every minute."""
    for line in apply_membership_changes(local_today()):  # first: who is a member decides the rest
        click.echo(line)
    now = utcnow()
    done = run_due(now)
    done.update(apply_retention(now))
    db.session.commit()  # mail is sent below, in this process, after the commit
    for what, count in done.items():
        click.echo(f"{TICK_LABELS[what]}: {count}")
    click.echo(f"Verwaiste Anlagedateien entfernt: {collect_garbage()}")
    if current_app.config["AKN_SEND_MAIL"]:
        report = send_due()
        click.echo(f"Mail gesendet: {report.sent}, später erneut: {report.retrying}, fehlgeschlagen: {report.failed}")
    click.echo(f"Dateien für OParl vermessen: {record_missing_figures()}")  # last: the slowest, and it can wait


TICK_LABELS = {
    "approved": "Genehmigt (Regel erfüllt)",
    "document_reminders": "Erinnerungen an ausstehende Protokolle/Berichte",
    "approval_reminders": "Erinnerungen an ausstehende Genehmigungen",
    "short_notice_warnings": "Hinweise auf unterschrittene Einladungsfrist",
    "attendance_reminders": "Erinnerungen an ausstehende Rückmeldungen zur Teilnahme",
    "mail_bodies": "Texte zugestellter Mails nach Ablauf der Aufbewahrung gelöscht",
    "sign_ins": "Anmeldeeinträge nach Ablauf der Aufbewahrung gelöscht",
    "security_events": "Einträge im Sicherheitsprotokoll nach Ablauf der Aufbewahrung gelöscht",
}


@akn.command("diagram")
def diagram() -> None:
    """Print the lifecycle as Mermaid text."""
    click.echo(mermaid_diagram())
