"""The *Ablauf* page: the running machine drawn (no source text, no script) in each kind's words."""

import re
from html import unescape

from workflows.lifecycle import FORUM, PROJECT, STEPS, TRIGGER_LABELS


def test_the_lifecycle_page_draws_both_kinds_in_their_own_words(client, auth):
    auth.login("juechen@akn.example")  # in everyone's navigation
    response = client.get("/ablauf/")
    assert response.status_code == 200
    page = unescape(response.get_data(as_text=True))
    assert "stateDiagram" not in page and "{'forum'" not in page and "<script" not in page
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
