"""Imports every model, so that the metadata is complete wherever it is needed."""

from .approvals.models import Approval, ApprovalToken
from .auth.models import User
from .forums.models import ActionItem, AgendaItem, Forum, MinutesVersion
from .lifecycle.models import HistoryEntry
from .mail.models import OutboxMessage
from .members.models import Member

__all__ = [
    "ActionItem", "AgendaItem", "Approval", "ApprovalToken", "Forum", "HistoryEntry",
    "Member", "MinutesVersion", "OutboxMessage", "User",
]
