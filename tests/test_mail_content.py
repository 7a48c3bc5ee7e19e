"""What the mails received over SMTP say: the agenda, and plain values that stay plain in HTML."""

from .conftest import COORDINATOR
from .forum_steps import PRESENT, advance_to, eventually, plain_text, plan, received_links


def _html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def test_the_invitation_and_the_change_list_the_agenda(client, auth, database, smtp):
    everyone = database.recipient_count()
    auth.login(COORDINATOR)
    assert plan(client, database, agenda="Begrüßung\nKlimawoche 2027\nVerschiedenes").status_code == 302
    invitation = smtp.wait_for(everyone)[0]
    for part in (plain_text(invitation), _html(invitation)):
        assert "Tagesordnung" in part
        assert part.index("Begrüßung") < part.index("Klimawoche 2027") < part.index("Verschiedenes")

    forum = database.latest_forum()
    edit = client.get(f"/foren/{forum.id}/bearbeiten")
    assert edit.status_code == 200
    data = {"number": 7, "title": forum.title, "day": "2026-11-30", "time": "10:00", "place": "Rathaus Kaarst",
            "host_id": forum.host_member_id, "agenda": "Begrüßung\nSolarkataster"}
    assert client.submit(f"/foren/{forum.id}/bearbeiten", data).status_code == 302
    changed = [m for m in smtp.wait_for(2 * everyone) if m["Subject"].startswith("[AKN] Geändert:")]
    assert len(changed) == everyone
    assert "2. Solarkataster" in plain_text(changed[0])


def test_a_comment_with_markdown_stays_text_in_the_mail_to_everyone(client, auth, clock, database, smtp):
    forum = advance_to("minutes_drafted", client, auth, clock, database)
    links = received_links(smtp.wait_for(3 * database.recipient_count()))
    smtp.clear()
    comment = "[Bitte hier neu anmelden](https://evil.example) ![x](https://evil.example/x.png) <b>fett</b>"
    response = client.submit(f"/genehmigung/{links['kaarst@akn.example']}", {"action": "request_changes", "comment": comment})
    assert response.status_code == 200
    eventually(lambda: len(smtp.messages) == database.recipient_count())
    for message in smtp.messages:
        html = _html(message)
        assert "evil.example" in html  # shown as text …
        assert 'href="https://evil.example' not in html and "<img" not in html and "<b>" not in html  # … never as a link
        assert comment in plain_text(message)
    assert database.latest_forum().state == "held" and forum.id == database.latest_forum().id


def test_a_title_with_markdown_is_text_in_the_composed_minutes(client, auth, clock, database):
    auth.login(COORDINATOR)
    title = "7. Forum [Anmeldung](https://evil.example) *wichtig*"
    assert plan(client, database, title=title).status_code == 302
    forum = database.latest_forum()
    page = client.get(f"/foren/{forum.id}")
    assert "Anmeldung" in page.get_data(as_text=True)
    auth.logout()
    clock.advance(days=8)
    auth.login("kaarst@akn.example")
    assert client.submit(f"/foren/{forum.id}/durchgefuehrt", {"attendee_ids": database.user_ids(*PRESENT)}).status_code == 302
    data = {"sections-0-notes": "Begrüßt.", "action": "submit"}
    assert client.submit(f"/foren/{forum.id}/protokoll", data).status_code == 302
    document = client.get(f"/foren/{forum.id}").get_data(as_text=True)
    assert 'href="https://evil.example"' not in document
    assert "[Anmeldung](https://evil.example)" in document and "<em>wichtig</em>" not in document


def test_the_plain_text_part_reads_without_markdown_syntax():
    """Headings underlined, lists with dashes, tables as columns, links in <…>; a written link stays text."""
    from akn_intranet.formatting import markdown_to_text

    text = markdown_to_text(
        "Guten Tag **Dana**,\n\n## TOP 1: Begrüßung\n\n- **Ort:** Rathaus\n\n| Aufgabe | Fällig |\n|---|---|\n"
        "| Flyer | 15.12.2026 |\n\n<https://x.example/a>\n\n\\[Hier anmelden\\](https://evil.example)\n"
    )
    assert text == (
        "Guten Tag Dana,\n\nTOP 1: Begrüßung\n----------------\n\n- Ort: Rathaus\n\nAufgabe  Fällig\n"
        "-------  ----------\nFlyer    15.12.2026\n\n<https://x.example/a>\n\n[Hier anmelden](https://evil.example)\n"
    )
