"""The Atom 1.0 feed (RFC 4287) of the published results: ids that never change, HTML content escaped."""

from datetime import datetime
from xml.etree import ElementTree

from flask import current_app, render_template

from ..mail.operations import mail_domain
from ..urls import external_url
from .models import Publication

ATOM = "http://www.w3.org/2005/Atom"
TAGGED_SINCE = 2026  # the year in the tag: URIs (RFC 4151); changing it would change every id
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ElementTree.register_namespace("", ATOM)  # Atom as the default namespace: <feed xmlns="…">, no prefixes


def entry_id(publication: Publication) -> str:
    """The same for a result however often it is changed, withdrawn and published again."""
    activity = publication.activity
    return f"tag:{mail_domain()},{TAGGED_SINCE}:ergebnisse/{activity.kind}-{activity.id}"


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def _add(parent: ElementTree.Element, tag: str, text: str | None = None, **attributes: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element


def atom_feed(publications: list[Publication], updated: datetime) -> bytes:
    """The feed document; ``updated`` is when the list last changed (a withdrawal changes it too)."""
    feed = ElementTree.Element(f"{{{ATOM}}}feed", {XML_LANG: "de"})
    _add(feed, "id", f"tag:{mail_domain()},{TAGGED_SINCE}:ergebnisse")
    _add(feed, "title", "Ergebnisse der Allianz für Klima und Nachhaltigkeit im Rhein-Kreis Neuss")
    _add(feed, "updated", _stamp(updated))
    _add(_add(feed, "author"), "name", current_app.config["AKN_OPERATOR"])
    _add(feed, "link", rel="self", type="application/atom+xml", href=external_url("publications.feed"))
    _add(feed, "link", rel="alternate", type="text/html", href=external_url("publications.index"))
    for publication in publications:
        entry = _add(feed, "entry")
        _add(entry, "id", entry_id(publication))
        _add(entry, "title", publication.title)
        _add(entry, "published", _stamp(publication.published_at))
        _add(entry, "updated", _stamp(publication.updated_at))
        _add(entry, "link", rel="alternate", type="text/html",
             href=external_url("publications.detail", activity_id=publication.activity_id))
        for term in (*publication.fields_of_action, *publication.goals):
            _add(entry, "category", term=term)
        _add(entry, "content", render_template("publications/_entry.html", publication=publication), type="html")
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
