"""Personal approval links: bound to a contact and a version (the link rules: ``links.py``)."""

from datetime import timedelta

from flask import current_app
from sqlalchemy.orm import joinedload

from ..auth.models import User
from ..lifecycle.models import Activity
from ..links import LinkWording, find, issue
from ..minutes.models import MinutesVersion
from .models import Approval, ApprovalToken

WORDING = LinkWording(done="eine Entscheidung erfasst", source="der E-Mail")


def issue_token(user: User, version: MinutesVersion) -> str:
    """Return the raw token for the mail; the database keeps only its hash."""
    lifetime = timedelta(days=current_app.config["AKN_APPROVAL_LINK_DAYS"])
    raw, _ = issue(ApprovalToken, lifetime, user=user, version=version)
    return raw


def find_token(raw: str) -> ApprovalToken:
    """The usable link, with everything its page checks and shows, in a fixed number of queries."""
    return find(
        ApprovalToken,
        raw,
        WORDING,
        joinedload(ApprovalToken.user).joinedload(User.member),
        joinedload(ApprovalToken.version).joinedload(MinutesVersion.activity).selectinload(Activity.versions),
        joinedload(ApprovalToken.version).selectinload(MinutesVersion.approvals).options(
            joinedload(Approval.member), joinedload(Approval.user)
        ),
    )
