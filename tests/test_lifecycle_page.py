"""The *Ablauf* page: the running machine drawn (no source text, no script) in each kind's words."""

import re
from html import unescape

from workflows.lifecycle import FORUM, PROJECT, STEPS, TRIGGER_LABELS


def test_the_lifecycle_page_draws_both_kinds_in_their_own_words(client, auth):
    auth.login("juechen@akn.example")  # in everyone's navigation
    response = client.get("/ablauf/")
    assert response.status_code == 200
    page = unescape(response.get_data(as_text=True))
    assert "stateDiagram" not in page and "{'forum'" not in page
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/forms.js" defer>']  # every page's; the drawing needs none
    forum, project = page.split("Ablauf eines gemeinsamen Projekts")
    assert forum.count("<svg") == 1 and project.count("<svg") == 1
    for part, vocabulary in ((forum, FORUM), (project, PROJECT)):
        drawing = " ".join(re.sub(r"<[^>]+>", " ", part[part.index("<svg") : part.index("</svg>")]).split())  # as read
        assert all(label in drawing for state, label in vocabulary.labels.items() if state != "new")
        assert all(TRIGGER_LABELS[s.trigger] in drawing for s in STEPS if s.trigger != "plan")  # planning: the start
    assert "Der Termin muss in der Zukunft liegen." in forum and "Der Termin" not in project
    assert "Der Beginn darf nicht in der Vergangenheit liegen" in project
    assert "erst ab seinem Termin" in forum and "erst ab seinem Beginn" in project
    assert "Berichtsentwurf zur Genehmigung" in project and "Bericht" not in forum


def test_a_step_that_waits_for_its_date_is_shown_with_when_it_opens(client, auth, clock, database):
    from .forum_steps import HOST, advance_to
    from .test_projects import LEAD, project_data

    forum = advance_to("planned", client, auth, clock, database)  # on 28.11.2026 at 14:00, the clock a week before
    auth.login()
    assert client.submit("/projekte/neu", project_data(database)).status_code == 302  # from 01.12.2026
    project = database.latest_project()
    auth.logout()
    auth.login(HOST)
    page = unescape(client.get(f"/foren/{forum.id}").get_data(as_text=True))
    assert '<span class="button disabled" aria-disabled="true">Als durchgeführt markieren</span>' in page
    assert "ab 28.11.2026, 14:00 Uhr möglich" in page and f"/foren/{forum.id}/durchgefuehrt" not in page
    early = client.get(f"/foren/{forum.id}/durchgefuehrt")  # typed in: refused before any form is filled
    assert early.status_code == 409
    assert "„Als durchgeführt markieren“ ist erst ab 28.11.2026, 14:00 Uhr möglich." in unescape(early.get_data(as_text=True))
    assert LEAD == HOST  # Kaarst leads the project too
    assert "ab 01.12.2026 möglich" in unescape(client.get(f"/projekte/{project.id}").get_data(as_text=True))  # a day

    clock.advance(days=8)
    page = client.get(f"/foren/{forum.id}").get_data(as_text=True)
    assert f'href="/foren/{forum.id}/durchgefuehrt"' in page and "möglich" not in page


def test_the_host_writes_the_minutes_from_a_button_of_its_own(client, auth, clock, database):
    from .forum_steps import HOST, advance_to

    forum = advance_to("held", client, auth, clock, database)
    auth.login(HOST)
    page = client.get(f"/foren/{forum.id}").get_data(as_text=True)
    assert f'<a class="button" href="/foren/{forum.id}/protokoll">Protokoll schreiben</a>' in page
    assert "Zur Genehmigung einreichen" not in page  # that is the editor's button
    assert "Zur Genehmigung einreichen" in client.get(f"/foren/{forum.id}/protokoll").get_data(as_text=True)
