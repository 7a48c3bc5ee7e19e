"""Decisions (Beschlüsse): each decision of an agenda item as a record of its own, and their register."""
