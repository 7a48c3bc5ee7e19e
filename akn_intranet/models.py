"""Imports every model, so that the metadata is complete wherever it is needed."""

from .action_items.models import ActionItem
from .approvals.models import Approval, ApprovalToken
from .attachments.models import Attachment
from .attendance.models import AttendanceLink, AttendanceReply
from .auth.models import InvitationToken, LoginFailure, RecoveryCode, User
from .calendar.models import CalendarEntry, CalendarFeed
from .decisions.models import Decision
from .forums.models import Forum
from .lifecycle.models import Activity, HistoryEntry
from .mail.models import OutboxMessage
from .members.models import Member, Membership
from .minutes.models import MinutesVersion, Section
from .notices.models import Notice
from .oparl.models import FileFigures
from .projects.models import FieldOfAction, Project, ProjectGoal
from .publications.models import Publication
from .reminders.models import SentReminder
from .rules.models import DistributionAddress, RulesVersion
from .search import indexing  # noqa: F401  keeps the index current after every flush
from .search.models import SearchDocument
from .security_log.models import SecurityEvent

__all__ = [
    "ActionItem", "Activity", "Approval", "ApprovalToken", "Forum", "HistoryEntry", "InvitationToken", "LoginFailure",
    "Member", "MinutesVersion", "OutboxMessage", "Section", "User", "RulesVersion", "DistributionAddress",
    "FieldOfAction", "Project", "ProjectGoal", "Membership", "SentReminder", "CalendarEntry", "CalendarFeed",
    "AttendanceLink", "AttendanceReply", "Attachment", "RecoveryCode", "SecurityEvent", "Notice", "Decision",
    "SearchDocument", "Publication", "FileFigures",
]
