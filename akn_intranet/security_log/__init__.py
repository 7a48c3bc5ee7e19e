"""Sicherheitsprotokoll: who signed in, failed, changed access or rules, and from where."""
