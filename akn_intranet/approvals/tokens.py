"""Personal approval links: random, stored only as a hash, bound to a contact and a version."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from ..auth.models import User
from ..clock import utcnow
from ..extensions import db
from ..lifecycle.models import Activity
from ..minutes.models import MinutesVersion
from .models import Approval, ApprovalToken


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue_token(user: User, version: db.Model) -> str:
    """Return the raw token for the mail; the database keeps only its hash."""
    raw = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(
        ApprovalToken(
            token_hash=hash_token(raw),
            user=user,
            version=version,
            created_at=now,
            expires_at=now + timedelta(days=current_app.config["AKN_APPROVAL_LINK_DAYS"]),
        )
    )
    return raw


def find_token(raw: str) -> ApprovalToken | None:
    if not raw or len(raw) > 100:
        return None
    # Everything the link's page checks and shows, in a fixed number of queries.
    return db.session.scalars(
        select(ApprovalToken)
        .filter_by(token_hash=hash_token(raw))
        .options(
            joinedload(ApprovalToken.user).joinedload(User.member),
            joinedload(ApprovalToken.version).joinedload(MinutesVersion.activity).selectinload(Activity.versions),
            joinedload(ApprovalToken.version).selectinload(MinutesVersion.approvals).options(
                joinedload(Approval.member), joinedload(Approval.user)
            ),
        )
    ).first()


def spend(model: type[db.Model], token_id: int) -> bool:
    """Mark a link (approval or invitation) used; of two requests arriving together only one gets True."""
    result = db.session.execute(
        update(model)
        .where(model.id == token_id, model.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
