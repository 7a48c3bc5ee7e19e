"""Every kind (forum, project) words every step of the shared lifecycle and offers a page for it."""

import pytest

from akn_intranet.forums.models import Forum
from akn_intranet.lifecycle.kinds import all_kinds
from akn_intranet.projects.models import Project
from workflows.lifecycle import STEPS, VOCABULARIES


def test_each_vocabulary_belongs_to_one_registered_kind(app):
    assert [kind.words for kind in all_kinds()] == list(VOCABULARIES)


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda kind: kind.name)
def test_a_kind_words_every_notification_and_offers_every_trigger(app, kind):
    assert set(kind.subjects) == {step.notification for step in STEPS}
    for step in STEPS:
        if step.source == "new" or step.trigger == "submit_minutes":
            continue  # planning has its own form per kind; the document form is shared
        assert step.trigger in kind.own_pages or step.trigger in kind.confirmations, (kind.name, step.trigger)
    assert not set(kind.own_pages) & set(kind.confirmations)
    with app.test_request_context():
        for trigger in kind.own_pages:
            assert kind.action_url(7, trigger).endswith(("/bearbeiten", "/durchgefuehrt"))


def test_a_forum_and_a_project_say_their_own_document(app):
    forum, project = Forum(kind="forum", state="held"), Project(kind="project", state="held")
    assert (forum.kind_spec.document.name, project.kind_spec.document.genitive) == ("Protokoll", "des Ergebnisberichts")
    assert (forum.state_label, project.state_label) == ("Durchgeführt – Protokoll in Arbeit", "Durchgeführt – Bericht in Arbeit")
    assert project.kind_spec.words.starts_on_a_day and not forum.kind_spec.words.starts_on_a_day
