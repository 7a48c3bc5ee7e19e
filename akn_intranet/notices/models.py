"""The legal pages' texts as the coordinator wrote them; a page without a row shows its default."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..database import UTCDateTime
from ..extensions import db


class Notice(db.Model):
    __tablename__ = "notices"

    slug: Mapped[str] = mapped_column(String(40), primary_key=True)  # "datenschutz", "impressum", …
    text: Mapped[str] = mapped_column(Text)  # Markdown
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    changed_by: Mapped[User | None] = relationship()
