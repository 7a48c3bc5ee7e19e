"""A decision of an agenda item (or of a section of a project report), entered as an item of its own in
the minutes editor; the section's free text around it stays. The register lists those of approved documents."""

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


class Decision(db.Model):
    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]  # 1, 2, … within its section: "Beschluss 2 zu TOP 3"
    text: Mapped[str] = mapped_column(Text)

    section = relationship("Section", back_populates="decision_items")
    action_items = relationship("ActionItem", order_by="ActionItem.id", back_populates="decision")
