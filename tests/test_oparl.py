"""The OParl 1.1 interface: a year of forums and projects, walked from the System object by following every
URL it hands out, each list page and object validated against the JSON Schemas in ``oparl_schemas/``
(written from the specification); the access modes, the filters, consent and what must never appear."""

import hashlib
import io
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from akn_intranet.extensions import db
from akn_intranet.minutes.models import Section
from bench.queries import recorded

from .forum_steps import COORDINATOR, HOST, PRESENT, advance_to, approval_links, hold, plan, write_minutes
from .test_attachment_content import PDF, png
from .test_projects import project_data

BASE = "http://127.0.0.1:5000/oparl/v1"
SYSTEM = f"{BASE}/system"
CONTACT = "juechen@akn.example"
TOKEN = "geheimer-oparl-schluessel"

_SCHEMAS = [json.loads(p.read_text()) for p in (Path(__file__).parent / "oparl_schemas").glob("*.json")]
REGISTRY = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in _SCHEMAS)
BY_TITLE = {s["$id"].rsplit("/", 1)[1].removesuffix(".json"): s for s in _SCHEMAS}

FORMATS = FormatChecker(formats=())
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


@FORMATS.checks("date-time", raises=ValueError)
def _is_moment(value: object) -> bool:
    return not isinstance(value, str) or (bool(RFC3339.match(value)) and datetime.fromisoformat(value) is not None)


@FORMATS.checks("date", raises=ValueError)
def _is_day(value: object) -> bool:
    return not isinstance(value, str) or (len(value) == 10 and date.fromisoformat(value) is not None)


@FORMATS.checks("uri")
def _is_url(value: object) -> bool:
    parts = urlsplit(value) if isinstance(value, str) else None
    return parts is None or (parts.scheme in ("http", "https") and bool(parts.netloc))


def validate(name: str, document: dict) -> None:
    Draft202012Validator(BY_TITLE[name], registry=REGISTRY, format_checker=FORMATS).validate(document)


def type_of(document: dict) -> str:
    return document["type"].removeprefix("https://schema.oparl.org/1.1/")


def urls_in(value: object) -> list[str]:
    if isinstance(value, dict):
        return [u for v in value.values() for u in urls_in(v)]
    if isinstance(value, list):
        return [u for v in value for u in urls_in(v)]
    return [value] if isinstance(value, str) and value.startswith(BASE) else []


def crawl(client, **request) -> tuple[dict[str, dict], dict[str, dict]]:
    """Every URL reachable from the System: JSON documents validated (a list page against the envelope and
    each of its objects against its type), files fetched. Returns (documents by URL, objects by id)."""
    documents, objects, files, pending = {}, {}, {}, [SYSTEM]
    while pending:
        url = pending.pop()
        if url in documents or url in files:
            continue
        response = client.get(url, **request)
        assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
        if url.endswith(("/datei", "/download")):
            files[url] = response
            continue
        assert response.mimetype == "application/json", url
        document = response.get_json()
        if "data" in document:
            validate("List", document)
            page = document["pagination"]
            assert ("next" in document["links"]) == (page["currentPage"] < page["totalPages"]), url
            assert len(document["data"]) <= page["elementsPerPage"]
            for item in document["data"]:
                validate(type_of(item), item)
                assert objects.setdefault(item["id"], item) == item, f"{item['id']} differs between lists"
        else:
            validate(type_of(document), document)
            assert document["id"] == url, "an object's id is its own URL"
            assert objects.setdefault(url, document) == document, f"{url}: the list shows it otherwise"
        documents[url] = document
        pending += [u for u in urls_in(document) if u not in documents and u not in files]
    return documents, objects | {"files": files}


def upload(client, kind: str, activity_id: int, name: str, data: bytes, target: str):
    path = f"/{'foren' if kind == 'forum' else 'projekte'}/{activity_id}/anlagen"
    return client.submit(path, {"file": (io.BytesIO(data), name), "target": target})


def approve(client, database, activity) -> None:
    links = approval_links(database.outbox(activity, "minutes_submitted"))
    for address in PRESENT:
        assert client.submit(f"/genehmigung/{links[address]}", {"action": "approve"}).status_code == 200


def distribute(client, auth, path: str) -> None:
    auth.login(COORDINATOR)
    assert client.submit(f"{path}/aktion/distribute").status_code == 302
    auth.logout()


def section_ids(app, activity_id: int) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(db.select(Section.id).filter_by(activity_id=activity_id).order_by(Section.position)))


def seed_year(app, client, auth, clock, database) -> dict:
    """Forums in every state, a distributed project report and a planned project, with attachments and decisions."""
    auth.login(COORDINATOR)
    assert client.submit("/projekte/neu", project_data(database)).status_code == 302
    report = database.latest_project()
    assert client.submit("/projekte/neu", project_data(database, title="Klimawoche 2027", starts_on="2027-03-01",
                                                       ends_on="2027-03-31")).status_code == 302
    planned_project = database.latest_project()
    assert plan(client, database).status_code == 302  # the 7th forum, on 28.11.2026
    distributed = database.latest_forum()
    auth.logout()

    auth.login(HOST)
    sections = section_ids(app, distributed.id)
    slides = upload(client, "forum", distributed.id, "Präsentation Klimawoche.pdf", PDF, f"section-{sections[1]}")
    assert slides.status_code == 302
    assert upload(client, "forum", distributed.id, "Foto.png", png(), "activity").status_code == 302
    clock.advance(days=8)
    assert hold(client, distributed.id, database.user_ids(*PRESENT)).status_code == 302
    forum = database.latest_forum()
    extra = {"sections-2-notes": "", "sections-2-decisions": "Nächstes Forum im März."}
    decisions = [[], ["Die Klimawoche findet im Mai statt.", "Kaarst koordiniert die Stände."]]
    notes = ["Begrüßung.", "Klimawoche im Mai."]
    assert write_minutes(client, forum, notes, action="submit", decisions=decisions, **extra).status_code == 302
    auth.logout()
    approve(client, database, forum)
    distribute(client, auth, f"/foren/{forum.id}")

    drafted = advance_to("held", client, auth, clock, database, number=10, title="10. Kooperationsforum", day="2026-12-03")
    auth.login(HOST)
    assert upload(client, "forum", drafted.id, "Entwurfsanlage.pdf", PDF + b"%entwurf", "activity").status_code == 302
    extra = {"sections-2-notes": "", "sections-2-decisions": "ENTWURFSBESCHLUSS"}
    assert write_minutes(client, database.activity(drafted.id), ["a", "b"], action="submit", **extra).status_code == 302
    auth.logout()
    approved = advance_to("approved", client, auth, clock, database, number=11, title="11. Kooperationsforum", day="2026-12-08")
    held = advance_to("held", client, auth, clock, database, number=12, title="12. Kooperationsforum", day="2026-12-16")

    auth.login(COORDINATOR)
    assert client.submit(f"/projekte/{report.id}/aktion/hold").status_code == 302
    auth.logout()
    auth.login(HOST)  # Kaarst leads the project
    assert upload(client, "project", report.id, "Zahlen.pdf", PDF + b"%zahlen", "document").status_code == 302
    report = database.activity(report.id)
    data = {"revision": report.revision, "action": "submit", "sections-0-notes": "38 t CO2 vermieden.",
            "sections-0-decisions": "", "sections-1-notes": "", "sections-1-decisions": "", "sections-2-notes": "",
            "sections-2-decisions": "Im nächsten Jahr wieder."}
    assert client.submit(f"/projekte/{report.id}/bericht", data).status_code == 302
    auth.logout()
    approve(client, database, report)
    distribute(client, auth, f"/projekte/{report.id}")

    planned = advance_to("planned", client, auth, clock, database, number=8, title="8. Kooperationsforum", day="2027-01-14")
    cancelled = advance_to("planned", client, auth, clock, database, number=9, title="9. Kooperationsforum", day="2027-01-15")
    auth.login(COORDINATOR)
    assert client.submit(f"/foren/{cancelled.id}/aktion/cancel", {"comment": "Terminkollision"}).status_code == 302
    auth.logout()
    return {
        "distributed": distributed.id, "drafted": drafted.id, "approved": approved.id, "held": held.id,
        "planned": planned.id, "cancelled": cancelled.id, "report": report.id, "planned_project": planned_project.id,
    }


def public(app, **settings) -> None:
    app.config.update(AKN_OPARL="public", **settings)


def meeting_url(forum_id: int) -> str:
    return f"{BASE}/meeting/{forum_id}"


def test_every_list_and_object_of_a_year_validates_and_shows_only_distributed_documents(
    app, client, auth, clock, database, runner
):
    ids = seed_year(app, client, auth, clock, database)
    public(app, AKN_OPARL_PAGE_SIZE=2)  # every list runs over several pages, linked by "next"
    unmeasured = client.get(meeting_url(ids["distributed"])).get_json()["resultsProtocol"]
    assert not {"size", "sha512Checksum", "akn:sha256Checksum"} & set(unmeasured)  # no PDF is laid out in a request
    # the distributed forum's and project's PDFs and their three distinct attachment files
    assert "Dateien für OParl vermessen: 5" in runner.invoke(args=["akn", "tick"]).output
    assert "Dateien für OParl vermessen: 0" in runner.invoke(args=["akn", "tick"]).output
    documents, found = crawl(client)
    files = found.pop("files")

    meetings = {o["id"]: o for o in found.values() if o["type"].endswith("/Meeting")}
    forum_ids = ("distributed", "drafted", "approved", "held", "planned", "cancelled")
    assert set(meetings) == {meeting_url(ids[k]) for k in forum_ids}
    states = {k: (meetings[meeting_url(ids[k])]["meetingState"], meetings[meeting_url(ids[k])]["cancelled"]) for k in forum_ids}
    assert states == {"distributed": ("durchgeführt", False), "drafted": ("eingeladen", False),
                      "approved": ("eingeladen", False), "held": ("eingeladen", False),
                      "planned": ("eingeladen", False), "cancelled": ("eingeladen", True)}
    pages = [d for u, d in documents.items() if "/body/akn/meetings" in u]
    assert [o["id"] for d in sorted(pages, key=lambda d: d["pagination"]["currentPage"]) for o in d["data"]] == sorted(
        meetings, key=lambda u: int(u.rsplit("/", 1)[1])), "one stable order by id across the pages"
    assert {d["pagination"]["totalPages"] for d in pages} == {3}

    minutes = meetings[meeting_url(ids["distributed"])]
    assert minutes["location"]["description"] == "Rathaus Kaarst"
    assert minutes["start"] == "2026-11-28T14:00:00+01:00"
    top = minutes["agendaItem"]
    assert [(a["number"], a["order"], a["name"]) for a in top] == [
        ("TOP 1", 1, "Begrüßung"), ("TOP 2", 2, "Klimawoche 2027"), ("TOP 3", 3, "Verschiedenes")]
    assert "result" not in top[0]
    assert (top[1]["result"], top[1]["resolutionText"]) == (
        "Beschlossen", "1. Die Klimawoche findet im Mai statt.\n\n2. Kaarst koordiniert die Stände.")
    assert top[2]["resolutionText"] == "Nächstes Forum im März."  # the free text where no items were entered
    assert [f["fileName"] for f in top[1]["auxiliaryFile"]] == ["Präsentation Klimawoche.pdf"]
    assert [f["fileName"] for f in minutes["auxiliaryFile"]] == ["Foto.png"]

    protocol = minutes["resultsProtocol"]
    pdf = files[protocol["accessUrl"]]
    assert pdf.mimetype == "application/pdf" and "attachment" not in pdf.headers.get("Content-Disposition", "")
    assert pdf.data.startswith(b"%PDF") and len(pdf.data) == protocol["size"]
    assert hashlib.sha256(pdf.data).hexdigest() == protocol["akn:sha256Checksum"]
    assert hashlib.sha512(pdf.data).hexdigest() == protocol["sha512Checksum"]
    download = files[protocol["downloadUrl"]]
    assert download.headers["Content-Disposition"].startswith("attachment;") and download.data == pdf.data
    slides = top[1]["auxiliaryFile"][0]
    assert files[slides["downloadUrl"]].data == PDF
    assert (slides["akn:sha256Checksum"], slides["size"]) == (hashlib.sha256(PDF).hexdigest(), len(PDF))
    assert found[slides["id"]]["agendaItem"] == [top[1]["id"]]  # standalone, the file names its parents

    for key in ("drafted", "approved", "held", "planned", "cancelled"):
        meeting = meetings[meeting_url(ids[key])]
        assert not {"agendaItem", "resultsProtocol", "auxiliaryFile"} & set(meeting), key
    everything = json.dumps(list(documents.values()), ensure_ascii=False)
    for secret in ("ENTWURFSBESCHLUSS", "Entwurfsanlage", "Klimawoche im Mai.", "38 t CO2"):
        assert secret not in everything  # no draft, no notes
    listed_files = {o["fileName"] for o in found.values() if o["type"].endswith("/File")}
    assert listed_files == {"Präsentation Klimawoche.pdf", "Foto.png", "Zahlen.pdf",
                            "Protokoll-7.-Kooperationsforum-Fassung-1.pdf",
                            "Ergebnisbericht-Stadtradeln-im-Rhein-Kreis-Fassung-1.pdf"}

    papers = [o for o in found.values() if o["type"].endswith("/Paper")]
    assert [(p["name"], p["mainFile"]["mimeType"], [f["fileName"] for f in p["auxiliaryFile"]]) for p in papers] == [
        ("Ergebnisbericht: Stadtradeln im Rhein-Kreis", "application/pdf", ["Zahlen.pdf"])]
    organizations = {o["name"]: o for o in found.values() if o["type"].endswith("/Organization")}
    assert set(organizations) == {"Kooperationsforum", "Stadtradeln im Rhein-Kreis", "Klimawoche 2027"}
    assert organizations["Kooperationsforum"]["organizationType"] == "Gremium"
    assert papers[0]["underDirectionOf"] == [organizations["Stadtradeln im Rhein-Kreis"]["id"]]
    counted = {kind: sum(1 for o in found.values() if o["type"].endswith(f"/{kind}")) for kind in
               ("AgendaItem", "Location", "File", "Person", "Body", "System")}
    assert counted == {"AgendaItem": 3, "Location": 6, "File": 5, "Person": 0, "Body": 1, "System": 1}  # nobody consented

    # a page costs a few flat queries, however many objects it shows
    for name in ("meetings", "files", "agenda-items", "papers", "organizations", "locations"):
        with recorded(app) as statements:
            assert client.get(f"{BASE}/body/akn/{name}?limit=100").status_code == 200
        assert len(statements) <= 10, (name, len(statements))


def test_nothing_of_a_document_before_its_distribution_is_reachable(app, client, auth, clock, database):
    forum = advance_to("approved", client, auth, clock, database)
    public(app)
    version_id = database.activity(forum.id).current_version.id
    assert client.get(f"{BASE}/file/protokoll-{version_id}").status_code == 404
    assert client.get(f"{BASE}/file/protokoll-{version_id}/download").status_code == 404
    section = section_ids(app, forum.id)[0]
    assert client.get(f"{BASE}/agenda-item/{section}").status_code == 404
    assert client.get(f"{BASE}/body/akn/files").get_json()["data"] == []
    distribute(client, auth, f"/foren/{forum.id}")
    assert client.get(f"{BASE}/file/protokoll-{version_id}").status_code == 200
    assert client.get(f"{BASE}/agenda-item/{section}").get_json()["meeting"] == meeting_url(forum.id)


def since(moment: datetime) -> str:
    return quote(moment.isoformat(), safe="")


def listed(client, name: str, query: str) -> set[str]:
    response = client.get(f"{BASE}/body/akn/{name}?{query}&limit=100")
    assert response.status_code == 200, response.get_data(as_text=True)
    validate("List", response.get_json())
    return {o["id"] for o in response.get_json()["data"]}


def test_modified_since_returns_exactly_the_changed_objects(app, client, auth, clock, database):
    approved = advance_to("approved", client, auth, clock, database)
    planned = advance_to("planned", client, auth, clock, database, number=8, title="8. Kooperationsforum", day="2026-12-10")
    auth.login(COORDINATOR)
    assert client.submit("/projekte/neu", project_data(database, starts_on="2026-12-01")).status_code == 302
    auth.logout()
    public(app)
    before = {name: listed(client, name, "") for name in ("meetings", "locations", "organizations", "agenda-items", "files")}

    clock.advance(hours=1)
    cut = clock.now
    distribute(client, auth, f"/foren/{approved.id}")
    clock.advance(minutes=5)
    auth.login(COORDINATOR)
    assert client.submit(f"/foren/{planned.id}/aktion/cancel", {"comment": "Terminkollision"}).status_code == 302
    auth.logout()

    changed_meetings = {meeting_url(approved.id), meeting_url(planned.id)}
    assert listed(client, "meetings", f"modified_since={since(cut)}") == changed_meetings
    assert listed(client, "locations", f"modified_since={since(cut)}") == {
        f"{BASE}/location/{approved.id}", f"{BASE}/location/{planned.id}"}
    assert listed(client, "organizations", f"modified_since={since(cut)}") == set()  # the project did not change
    agenda = {f"{BASE}/agenda-item/{s}" for s in section_ids(app, approved.id)}
    assert listed(client, "agenda-items", f"modified_since={since(cut)}") == agenda
    version_id = database.activity(approved.id).current_version.id
    assert listed(client, "files", f"modified_since={since(cut)}") == {f"{BASE}/file/protokoll-{version_id}"}
    assert listed(client, "people", f"modified_since={since(cut)}") == set()
    # the cancellation alone, five minutes later; and the other side of the cut
    assert listed(client, "meetings", f"modified_since={since(cut + timedelta(minutes=1))}") == {meeting_url(planned.id)}
    assert listed(client, "meetings", f"modified_until={since(cut - timedelta(seconds=1))}") == set()
    assert listed(client, "organizations", f"modified_until={since(cut)}") == before["organizations"] - {
        f"{BASE}/organization/kooperationsforum"}
    assert listed(client, "meetings", f"created_since={since(cut)}") == set()
    first_created = datetime.fromisoformat(client.get(meeting_url(approved.id)).get_json()["created"])
    assert listed(client, "meetings", f"created_until={since(first_created)}") == {meeting_url(approved.id)}
    # the page links keep the filter
    page = client.get(f"{BASE}/body/akn/meetings?modified_since={since(cut)}&limit=1").get_json()
    assert page["pagination"]["totalElements"] == 2 and "modified_since=" in page["links"]["next"]
    assert client.get(page["links"]["next"]).get_json()["data"][0]["id"] == meeting_url(planned.id)


def test_a_person_appears_only_with_consent_and_disappears_as_a_deleted_object(app, client, auth, clock, database):
    public(app)
    [user_id] = database.user_ids(CONTACT)
    person = f"{BASE}/person/{user_id}"
    assert client.get(person).status_code == 404
    auth.login(CONTACT)
    page = client.get("/konto").get_data(as_text=True)
    assert "Meinen Namen in der OParl-Schnittstelle veröffentlichen" in page
    response = client.submit("/konto/oparl", {"publish": "y"}, page="/konto", follow_redirects=True)
    assert "Ihr Name erscheint jetzt in der OParl-Schnittstelle." in response.get_data(as_text=True)
    [box] = re.findall(r'<input[^>]*name="publish"[^>]*>', client.get("/konto").get_data(as_text=True))
    assert " checked" in box

    shown = client.get(person).get_json()
    validate("Person", shown)
    assert shown["name"] == database.user(CONTACT).name
    assert shown["membership"][0]["organization"] == f"{BASE}/organization/kooperationsforum"
    assert shown["membership"][0]["role"] == "Ansprechpartner*in (Stadt Jüchen)"
    membership = client.get(shown["membership"][0]["id"]).get_json()
    validate("Membership", membership)
    assert membership["person"] == person
    assert listed(client, "people", "") == {person}
    export = client.get("/konto/meine-daten.json")  # the privacy export (schema-driven) names the consent
    assert export.status_code == 200 and json.loads(export.data)["tabellen"]["users"][0]["oparl_consent"] is True

    clock.advance(hours=2)
    cut = clock.now
    client.submit("/konto/oparl", {}, page="/konto")  # the box unticked
    auth.logout()
    gone = client.get(person).get_json()
    validate("Person", gone)
    assert gone["deleted"] is True and "name" not in gone and gone["created"] == shown["created"]
    assert database.user(CONTACT).name not in client.get(f"{BASE}/body/akn/people").get_data(as_text=True)
    assert listed(client, "people", f"modified_since={since(cut)}") == {person}


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    validate("Error", response.get_json())
    return response.get_json()


def test_the_interface_is_off_by_default_token_bound_or_public(app, client, auth):
    assert app.config["AKN_OPARL"] == "off"
    for url in (SYSTEM, f"{BASE}/body/akn/meetings", f"{BASE}/meeting/1", f"{BASE}/gibt-es-nicht", "/oparl/"):
        assert "nicht eingeschaltet" in error_of(client.get(url), 404)["message"]

    app.config.update(AKN_OPARL="token", AKN_OPARL_TOKEN=TOKEN)
    refused = client.get(SYSTEM)
    assert "Token" in error_of(refused, 401)["message"] and refused.headers["WWW-Authenticate"].startswith("Bearer")
    error_of(client.get(SYSTEM, headers={"Authorization": "Bearer falsch"}), 401)
    error_of(client.get(f"{SYSTEM}?access_token={TOKEN}x"), 401)
    auth.login()
    error_of(client.get(SYSTEM), 401)  # an intranet session is no token
    auth.logout()
    by_header = client.get(SYSTEM, headers={"Authorization": f"Bearer {TOKEN}"})
    assert by_header.status_code == 200 and by_header.headers["Cache-Control"] == "private, no-store"
    validate("System", by_header.get_json())
    assert client.get(f"{BASE}/body/akn?access_token={TOKEN}").status_code == 200
    app.config["AKN_OPARL_TOKEN"] = ""  # a token mode without a token opens nothing
    error_of(client.get(SYSTEM, headers={"Authorization": "Bearer "}), 401)
    error_of(client.get(f"{SYSTEM}?access_token="), 401)

    app.config["AKN_OPARL"] = "öffentlich"  # not a mode: as good as off
    error_of(client.get(SYSTEM), 404)
    public(app)
    response = client.get(SYSTEM)
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.get_json()["oparlVersion"] == "https://schema.oparl.org/1.1/"


@pytest.mark.parametrize("url, status", [
    (f"{BASE}/meeting/999", 404),
    (f"{BASE}/meeting/99999999999999", 404),
    (f"{BASE}/meeting/abc", 404),
    (f"{BASE}/organization/projekt-999", 404),
    (f"{BASE}/organization/projekt-x", 404),
    (f"{BASE}/file/protokoll-1", 404),
    (f"{BASE}/file/anlage-1/datei", 404),
    (f"{BASE}/file/unsinn", 404),
    (f"{BASE}/body/2", 404),
    (f"{BASE}/body/akn/meetings?modified_since=gestern", 400),
    (f"{BASE}/body/akn/meetings?modified_since=2026-11-21", 400),  # a date without time and zone
    (f"{BASE}/body/akn/meetings?created_until=2026-11-21T10:00:00", 400),  # no zone
    (f"{BASE}/body/akn/meetings?limit=0", 400),
    (f"{BASE}/body/akn/meetings?elementsPerPage=viele", 400),
    (f"{BASE}/body/akn/meetings?page=0", 400),
    (f"{BASE}/body/akn/meetings?page=2", 404),
])
def test_bad_ids_and_filters_get_a_json_error_never_a_500(app, client, url, status):
    public(app)
    assert error_of(client.get(url), status)["message"]


def test_page_size_has_a_default_and_a_maximum_and_an_unencoded_offset_is_understood(app, client, auth, clock, database):
    public(app, AKN_OPARL_MAX_PAGE_SIZE=3)
    for number in (7, 8, 9, 10):
        advance_to("planned", client, auth, clock, database, number=number, title=f"{number}. Kooperationsforum",
                   day=f"2026-12-{number:02d}")
    page = client.get(f"{BASE}/body/akn/meetings?limit=1000").get_json()
    assert page["pagination"] == {"totalElements": 4, "elementsPerPage": 3, "currentPage": 1, "totalPages": 2}
    assert page["links"]["next"].endswith("limit=3&page=2")
    assert client.get(f"{BASE}/body/akn/meetings").get_json()["pagination"]["elementsPerPage"] == 3  # 20, at most 3
    assert len(listed(client, "meetings", "modified_since=2026-11-21T00:00:00+01:00")) == 3  # '+' arrived as ' '


def test_with_the_token_every_url_answers_the_files_too_and_without_it_none(app, client, auth, clock, database):
    advance_to("distributed", client, auth, clock, database)
    app.config.update(AKN_OPARL="token", AKN_OPARL_TOKEN=TOKEN)
    documents, found = crawl(client, headers={"Authorization": f"Bearer {TOKEN}"})
    files = found.pop("files")
    assert len(files) == 2 and all(r.data.startswith(b"%PDF") for r in files.values())  # the minutes: shown, saved
    for url in [*documents, *files]:
        error_of(client.get(url), 401)
