"""Absolute links for mails, built from ``AKN_BASE_URL`` (no request needed)."""

from urllib.parse import urlsplit

from flask import current_app, url_for


def external_url(endpoint: str, **values: object) -> str:
    base = urlsplit(current_app.config["AKN_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def is_local_path(target: str | None) -> bool:
    """Only same-site paths are safe ``next=`` targets: no scheme, host, or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(c) < 32 for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


DETAIL_ENDPOINTS = {"forum": "forums.detail", "project": "projects.detail"}


def activity_url(activity: object, external: bool = False) -> str:
    """The page of a forum or project."""
    endpoint, values = DETAIL_ENDPOINTS[activity.kind], {f"{activity.kind}_id": activity.id}
    return external_url(endpoint, **values) if external else url_for(endpoint, **values)
