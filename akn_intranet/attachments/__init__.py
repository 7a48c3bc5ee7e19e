"""Anlagen: files kept with a forum, an agenda item, a project or its document (docs/architecture.md)."""
