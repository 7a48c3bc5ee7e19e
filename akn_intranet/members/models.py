"""The member administrations of the alliance."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db

# DIN 5007-1 ("Wörterbuch"): umlauts sort as their base letter, so Jüchen comes before Kaarst.
_GERMAN_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def german_sort_key(text: str) -> str:
    return text.casefold().translate(_GERMAN_FOLD)


class Member(db.Model):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)  # as signed: "Stadt Kaarst"
    place: Mapped[str] = mapped_column(String(80))  # "Kaarst": the host rotation sorts by it
    is_municipality: Mapped[bool] = mapped_column(default=True)
    hosts_forums: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)

    contacts = relationship("User", back_populates="member", order_by="User.name")

    @property
    def sort_key(self) -> str:
        return german_sort_key(self.place)

    def __repr__(self) -> str:
        return f"<Member {self.name}>"
