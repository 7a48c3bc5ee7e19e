from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from ..auth.access import coordinator_required
from ..extensions import db
from ..log_redaction import redact
from ..security_log.operations import record
from ..transactions import commit
from ..urls import bounded_int
from .models import FAILED, STATUS_LABELS, OutboxMessage
from .sending import resend

bp = Blueprint("mail", __name__, url_prefix="/postausgang")
bp.add_app_template_filter(redact)  # a personal link in a delivered message is not shown again

PAGE_SIZE = 100


@bp.get("/")
@coordinator_required
def outbox():
    page = max(request.args.get("seite", 1, type=bounded_int), 1)
    messages = db.session.scalars(
        select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    counts = dict(db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    return render_template(
        "mail/outbox.html", messages=messages, counts=counts, status_labels=STATUS_LABELS, page=page, page_size=PAGE_SIZE
    )


@bp.get("/<int:message_id>")
@coordinator_required
def message(message_id: int):
    return render_template("mail/message.html", message=db.get_or_404(OutboxMessage, message_id))


@bp.post("/<int:message_id>/erneut")
@coordinator_required
def retry(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id, description="Diese Nachricht gibt es nicht.")
    if message.status != FAILED:
        abort(409, "Nur fehlgeschlagene Nachrichten können erneut gesendet werden.")
    resend(message)
    record("mail_resent", actor=current_user._get_current_object(), detail=f"an {message.recipient}: {message.subject}")
    commit()
    flash(f"Die Nachricht an {message.recipient} wird erneut gesendet.", "success")
    return redirect(url_for("mail.message", message_id=message.id))
