"""``/gesundheit``: for the load balancer and monitoring; no login, no secrets, one query."""

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select, text

from .extensions import db
from .mail.models import FAILED, OutboxMessage

bp = Blueprint("health", __name__)


@bp.get("/gesundheit")
def health() -> ResponseReturnValue:
    try:
        db.session.execute(text("SELECT 1"))
        failed_mail = db.session.scalar(select(func.count()).select_from(OutboxMessage).filter_by(status=FAILED))
    except Exception:  # noqa: BLE001  the answer itself is the report
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok", failed_mail=failed_mail)
