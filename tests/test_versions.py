"""A second version: the change request stands on top of the host's page and editor until it is
resubmitted, the approver of version 2 reads first what changed since version 1 (per agenda item),
and the mails of version 2 say so in their subject."""

from akn_intranet.minutes.changes import ADDED, REMOVED, SectionChange, changes

from .forum_steps import HOST, PRESENT, advance_to, approval_links, write_minutes

V1 = (
    "# Protokoll: X\n\n## TOP 1: Begrüßung\n\nBegrüßung.\n\n## TOP 2: Klimawoche\n\nIm Mai.\n\n"
    "## TOP 3: Verschiedenes\n\nNichts.\n"
)


def test_changes_are_listed_per_section_and_only_where_the_text_differs():
    v2 = V1.replace("Im Mai.", "Im Juni.\n\nMit Stand.").replace("## TOP 3: Verschiedenes\n\nNichts.\n", "")
    assert changes(V1, v2) == [
        SectionChange("TOP 2: Klimawoche", [(REMOVED, "Im Mai."), (ADDED, "Im Juni."), (ADDED, "Mit Stand.")]),
        SectionChange("TOP 3: Verschiedenes", [(REMOVED, "Nichts.")]),  # dropped
    ]
    assert changes(V1, V1) == []


def test_version_two_shows_its_change_request_its_changes_and_its_number(client, auth, clock, database):
    forum = advance_to("minutes_drafted", client, auth, clock, database)
    links = approval_links(database.outbox(forum, "minutes_submitted"))
    response = client.submit(f"/genehmigung/{links[PRESENT[0]]}", {"action": "request_changes", "comment": "Der Termin fehlt."})
    assert response.status_code == 200

    auth.login(HOST)
    for page in (f"/foren/{forum.id}", f"/foren/{forum.id}/protokoll"):
        text = client.get(page).get_data(as_text=True)
        top = text[: text.index("Änderungen angefordert zu Fassung 1") + 400]
        assert "<h1>" in top and "Der Termin fehlt." in top and "Dana Dorn" in top, page
        assert "als Fassung 2 erneut zur Genehmigung" in top
    forum = database.latest_forum()
    assert write_minutes(client, forum, ["Begrüßung.", "Klimawoche im Mai, am 12.05.", ""], action="submit").status_code == 302
    page = client.get(f"/foren/{forum.id}").get_data(as_text=True)
    assert "Änderungen angefordert zu" not in page  # resubmitted
    assert "Änderungen gegenüber Fassung 1" in page
    auth.logout()

    forum = database.latest_forum()
    subjects = [m.subject for m in database.outbox(forum, "minutes_submitted")]
    first = "[AKN] Protokollentwurf zur Genehmigung: 7. Kooperationsforum"
    second = f"{first} (Fassung 2)"
    assert set(subjects) == {first, second} and subjects.count(first) == subjects.count(second)
    fresh = [m for m in database.outbox(forum, "minutes_submitted") if m.subject == second]
    token = approval_links(fresh)[PRESENT[1]]
    page = client.get(f"/genehmigung/{token}").get_data(as_text=True)
    changed = page.index("Änderungen gegenüber Fassung 1")
    assert changed < page.index('<article class="minutes">')  # read first
    section = page[changed : page.index('<article class="minutes">')]
    assert "TOP 2: Klimawoche 2027" in section
    assert "<del><span class=\"visually-hidden\">Entfernt: </span>Klimawoche im Mai.</del>" in section
    assert "<ins><span class=\"visually-hidden\">Neu: </span>Klimawoche im Mai, am 12.05.</ins>" in section
    assert "TOP 1" not in section  # unchanged items are not listed
