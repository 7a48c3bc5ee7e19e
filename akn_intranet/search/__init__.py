"""Suche: full text over forums, projects, agenda items and minutes, decisions, action items and attachment
names, kept current in the transaction that changes the text."""
