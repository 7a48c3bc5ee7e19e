"""Who receives the mail of each transition, and whose approval counts.

For forums and projects alike, every transition that mails (plan, reschedule, cancel, hold, submit,
request changes, approve, distribute) reaches exactly every active contact of every active member,
the coordinator and the advisor, each once; the expected set is read from the database here, not
from the app's notification code. A deactivated contact, a member that left and the distribution
list of that member get nothing; the distribution list of an active member gets the distributed
document only. An approval given by a member that has since stopped approving does not count.
"""

from collections import Counter

import pytest
from sqlalchemy import select

from akn_intranet.approvals.models import Approval
from akn_intranet.auth.models import User
from akn_intranet.lifecycle.models import Activity
from akn_intranet.rules.models import DistributionAddress
from workflows.lifecycle import STEPS

from .forum_steps import HOST, PRESENT, approval_links, forum_data, hold, plan, write_minutes
from .test_projects import LEAD, project_data
from .test_recording import record_forum, record_project

DEACTIVATED = "dormagen2@akn.example"  # a contact the coordinator deactivated
LEFT = "rommerskirchen@akn.example"  # the contact of a member that left the alliance
LIST_OF_ACTIVE = "buergermeister@kaarst.example"  # distribution list of Kaarst
LIST_OF_LEFT = "rat@rommerskirchen.example"  # distribution list of Rommerskirchen, which left
# What the expected set must come to with the seeded alliance after _prepare (a check of the check).
EVERYONE = {
    "koordination@akn.example", "beratung@akn.example", "dormagen@akn.example", "grevenbroich@akn.example",
    "juechen@akn.example", "kaarst@akn.example", "kaarst2@akn.example", "korschenbroich@akn.example",
    "meerbusch@akn.example", "kreis@akn.example",
}
# The contacts of the members that approve (Dormagen, Jüchen, Kaarst) in both lifecycles below.
APPROVER_CONTACTS = {"dormagen@akn.example", "juechen@akn.example", "kaarst@akn.example", "kaarst2@akn.example"}
NOTIFICATIONS = {
    "invitation", "rescheduled", "cancelled", "held", "minutes_submitted", "changes_requested", "approved", "distributed",
}


def expected_recipients(database) -> set[str]:
    """Active users whose member is active, and active users without a member (the advisor)."""
    users = database._fresh().scalars(select(User))
    return {u.email for u in users if u.active and (u.member is None or u.member.active)}


def expected_list_addresses(database) -> set[str]:
    addresses = database._fresh().scalars(select(DistributionAddress))
    return {a.email for a in addresses if a.member.active}


def _activity(database, activity_id: int) -> Activity:
    return database._fresh().get(Activity, activity_id)


def _leave(client, database, place: str, day: str):
    return client.submit(f"/mitglieder/{database.member_id(place)}/austritt", {"effective_on": day, "note": ""})


def _tick(runner) -> str:
    result = runner.invoke(args=["akn", "tick"])
    assert result.exit_code == 0, result.output
    return result.output


def _prepare(client, auth, database) -> None:
    """Two distribution lists; a deactivated contact; Rommerskirchen leaves today. Ends logged out."""
    auth.login()
    for place, address in (("Kaarst", LIST_OF_ACTIVE), ("Rommerskirchen", LIST_OF_LEFT)):
        response = client.submit(
            "/geschaeftsordnung/verteiler",
            {"verteiler-member_id": database.member_id(place), "verteiler-email": address, "verteiler-label": ""},
            page="/geschaeftsordnung/",
        )
        assert response.status_code == 302
    deactivate = f"/ansprechpersonen/{database.user_ids(DEACTIVATED)[0]}/deaktivieren"
    assert client.submit(deactivate, page="/mitglieder/").status_code == 302
    assert _leave(client, database, "Rommerskirchen", "2026-11-21").status_code == 302
    auth.logout()
    assert database.user(DEACTIVATED).active is False
    assert database.member("Rommerskirchen").active is False
    assert expected_recipients(database) == EVERYONE
    assert expected_list_addresses(database) == {LIST_OF_ACTIVE}


class Mailings:
    """Runs one transition at a time and checks the mail it queued: the right people, once each."""

    def __init__(self, database) -> None:
        self.database = database
        self.activity_id: int | None = None  # the activity the steps are about; None: a new one
        self.seen: set[str] = set()

    def step(self, notification: str, action, status: int = 302, new_activity: bool = False) -> list:
        before = {m.id for m in self.database.outbox()}
        response = action()
        assert response.status_code == status, response.get_data(as_text=True)[:2000]
        new = [m for m in self.database.outbox() if m.id not in before]
        assert {m.notification for m in new} == {notification}, Counter(m.notification for m in new)
        about = {m.activity_id for m in new}
        assert len(about) == 1
        if not new_activity:
            assert about == {self.activity_id}
        expected = expected_recipients(self.database)
        if notification == "distributed":
            expected |= expected_list_addresses(self.database)
        received = Counter(m.recipient for m in new)
        assert set(received) == expected, (notification, set(received) ^ expected)
        assert received == Counter(expected), (notification, {r: n for r, n in received.items() if n != 1})
        self.seen.add(notification)
        return new

    def silent(self, action, status: int = 200) -> None:
        """A step that must not mail anyone (an approval that is not the last one needed)."""
        before = len(self.database.outbox())
        assert action().status_code == status
        assert len(self.database.outbox()) == before


class Forums:
    prefix = "/foren"
    approvers = PRESENT  # the contacts that approve by link: Dormagen, Kaarst, Jüchen

    def plan(self, client, database, second: bool = False):
        if second:
            return plan(client, database, number=8, title="8. Kooperationsforum", day="2026-12-12")
        return plan(client, database)

    def latest(self, database) -> Activity:
        return database.latest_forum()

    def reschedule(self, client, database, activity_id: int):
        return client.submit(f"/foren/{activity_id}/bearbeiten", forum_data(database, day="2026-12-03", time="10:00"))

    def hold(self, client, auth, clock, database, activity_id: int):
        clock.advance(days=13)  # past the rescheduled date
        auth.login(HOST)
        response = hold(client, activity_id, database.user_ids(*PRESENT))
        auth.logout()
        return response

    def submit(self, client, auth, database, activity_id: int, text: str):
        auth.login(HOST)
        response = write_minutes(client, _activity(database, activity_id), ["Begrüßung.", text, ""], action="submit")
        auth.logout()
        return response


class Projects:
    prefix = "/projekte"
    approvers = ("kaarst2@akn.example", "dormagen@akn.example", "juechen@akn.example")

    def plan(self, client, database, second: bool = False):
        if second:
            return client.submit("/projekte/neu", project_data(database, title="Klimawoche 2027"))
        return client.submit("/projekte/neu", project_data(database))

    def latest(self, database) -> Activity:
        return database.latest_project()

    def reschedule(self, client, database, activity_id: int):
        return client.submit(f"/projekte/{activity_id}/bearbeiten", project_data(database, starts_on="2026-12-05"))

    def hold(self, client, auth, clock, database, activity_id: int):
        clock.advance(days=25)  # past the rescheduled start
        auth.login(LEAD)
        response = client.submit(f"/projekte/{activity_id}/aktion/hold")
        auth.logout()
        return response

    def submit(self, client, auth, database, activity_id: int, text: str):
        auth.login(LEAD)
        project = _activity(database, activity_id)
        data = {"revision": project.revision, "action": "submit"}
        for index, notes in enumerate(["1.234 Teilnehmende.", text, ""]):
            data[f"sections-{index}-notes"] = notes
            data[f"sections-{index}-decisions"] = ""
        response = client.submit(f"/projekte/{activity_id}/bericht", data)
        auth.logout()
        return response


KINDS = {"forum": Forums(), "project": Projects()}


@pytest.mark.parametrize("approval", ["links", "coordinator"])
@pytest.mark.parametrize("kind", ["forum", "project"])
def test_every_transition_mails_every_active_contact_once(client, auth, clock, database, kind, approval):
    steps = KINDS[kind]
    _prepare(client, auth, database)
    mail = Mailings(database)

    auth.login()
    invited = mail.step("invitation", lambda: steps.plan(client, database), new_activity=True)
    activity_id = mail.activity_id = invited[0].activity_id
    assert steps.latest(database).id == activity_id
    mail.step("rescheduled", lambda: steps.reschedule(client, database, activity_id))
    assert [h[0] for h in database.history(_activity(database, activity_id))] == ["plan", "reschedule"]

    other = mail.step("invitation", lambda: steps.plan(client, database, second=True), new_activity=True)[0].activity_id
    assert other != activity_id
    cancel = f"{steps.prefix}/{other}/aktion/cancel"
    mail.activity_id = other
    mail.step("cancelled", lambda: client.submit(cancel, {"comment": "Keine Mittel."}))
    mail.activity_id = activity_id
    assert _activity(database, other).state == "cancelled"
    auth.logout()

    mail.step("held", lambda: steps.hold(client, auth, clock, database, activity_id))
    submitted = mail.step("minutes_submitted", lambda: steps.submit(client, auth, database, activity_id, "Erste Fassung."))
    links = approval_links(submitted)
    assert set(links) == APPROVER_CONTACTS  # not the deactivated contact, nobody of the member that left

    # a change request by link (an approving contact), then one by the coordinator
    decide = f"/genehmigung/{links['dormagen@akn.example']}"
    mail.step(
        "changes_requested", lambda: client.submit(decide, {"action": "request_changes", "comment": "TOP 2 fehlt."}),
        status=200,
    )
    assert _activity(database, activity_id).state == "held"
    submitted = mail.step("minutes_submitted", lambda: steps.submit(client, auth, database, activity_id, "Zweite Fassung."))
    auth.login()
    request_changes = f"{steps.prefix}/{activity_id}/aktion/request_changes"
    mail.step("changes_requested", lambda: client.submit(request_changes, {"comment": "Bitte Zahlen ergänzen."}))
    auth.logout()
    submitted = mail.step("minutes_submitted", lambda: steps.submit(client, auth, database, activity_id, "Dritte Fassung."))

    if approval == "links":
        links = approval_links(submitted)
        *first, last = steps.approvers
        for address in first:
            mail.silent(lambda address=address: client.submit(f"/genehmigung/{links[address]}", {"action": "approve"}))
        mail.step("approved", lambda: client.submit(f"/genehmigung/{links[last]}", {"action": "approve"}), status=200)
    else:
        auth.login()
        approve = f"{steps.prefix}/{activity_id}/aktion/approve"
        mail.step("approved", lambda: client.submit(approve, {"comment": "In der Sitzung am 10.12. genehmigt."}))
        auth.logout()
    assert _activity(database, activity_id).state == "approved"

    auth.login()
    mail.step("distributed", lambda: client.submit(f"{steps.prefix}/{activity_id}/aktion/distribute"))
    assert _activity(database, activity_id).state == "distributed"
    assert mail.seen == NOTIFICATIONS
    assert [h[0] for h in database.history(_activity(database, activity_id))] == [
        "plan", "reschedule", "hold", "submit_minutes", "request_changes", "submit_minutes", "request_changes",
        "submit_minutes", "approve", "distribute",
    ]
    everything = {m.recipient for m in database.outbox()}
    assert DEACTIVATED not in everything and LEFT not in everything and LIST_OF_LEFT not in everything
    assert [m.notification for m in database.outbox() if m.recipient == LIST_OF_ACTIVE] == ["distributed"]


@pytest.mark.parametrize("kind", ["forum", "project"])
def test_recording_after_the_fact_mails_every_active_contact_once(client, auth, database, kind):
    """Nacherfassung, the one mailing transition the walk above does not take."""
    assert {step.notification for step in STEPS} == NOTIFICATIONS | {"recorded"}
    _prepare(client, auth, database)
    mail = Mailings(database)
    auth.login()
    record = record_forum if kind == "forum" else record_project
    recorded = mail.step("recorded", lambda: record(client, database), new_activity=True)
    assert _activity(database, recorded[0].activity_id).state == "held"


def test_project_changes_reach_every_recipient_once_over_smtp(client, auth, clock, database, smtp):
    """Reschedule, cancel and a change request of a project, as the SMTP server receives them."""
    _prepare(client, auth, database)
    steps = KINDS["project"]
    auth.login()
    assert steps.plan(client, database).status_code == 302
    project_id = database.latest_project().id
    assert steps.reschedule(client, database, project_id).status_code == 302
    assert steps.plan(client, database, second=True).status_code == 302
    other = database.latest_project().id
    assert client.submit(f"/projekte/{other}/aktion/cancel", {"comment": "Keine Mittel."}).status_code == 302
    auth.logout()
    assert steps.hold(client, auth, clock, database, project_id).status_code == 302
    assert steps.submit(client, auth, database, project_id, "Erste Fassung.").status_code == 302
    links = approval_links(database.outbox(_activity(database, project_id), "minutes_submitted"))
    response = client.submit(f"/genehmigung/{links['juechen@akn.example']}", {"action": "request_changes", "comment": "Zahlen?"})
    assert response.status_code == 200

    everyone = expected_recipients(database)
    subjects = [
        "[AKN] Neues gemeinsames Projekt: Stadtradeln im Rhein-Kreis",
        "[AKN] Geändert: Projekt Stadtradeln im Rhein-Kreis",
        "[AKN] Neues gemeinsames Projekt: Klimawoche 2027",
        "[AKN] Abgesagt: Projekt Klimawoche 2027",
        "[AKN] Durchgeführt: Projekt Stadtradeln im Rhein-Kreis – der Bericht folgt",
        "[AKN] Berichtsentwurf zur Genehmigung: Stadtradeln im Rhein-Kreis",
        "[AKN] Änderungen am Bericht angefordert: Stadtradeln im Rhein-Kreis",
    ]
    smtp.wait_for(len(subjects) * len(everyone))
    received = Counter()
    for message, envelope in zip(smtp.messages, smtp.envelopes, strict=True):
        assert envelope.rcpt_tos == [message["To"]]
        received[message["Subject"], message["To"]] += 1
    assert received == Counter({(subject, address): 1 for subject in subjects for address in everyone})


def _approve(client, token: str):
    return client.submit(f"/genehmigung/{token}", {"action": "approve"})


def _approvals_by(database, activity: Activity) -> set[str]:
    version = activity.current_version
    return {a.member.place for a in database._fresh().scalars(select(Approval).filter_by(version_id=version.id))}


def test_an_approval_of_a_forum_member_that_left_does_not_count(client, auth, clock, database, runner):
    """Jüchen attended and approved, then left: Dormagen's approval besides it does not approve the minutes."""
    auth.login()
    assert plan(client, database).status_code == 302
    forum = database.latest_forum()
    auth.logout()
    clock.advance(days=8)
    auth.login(HOST)
    assert hold(client, forum.id, database.user_ids(*PRESENT)).status_code == 302
    response = write_minutes(client, _activity(database, forum.id), ["Begrüßung.", "Klimawoche.", ""], action="submit")
    assert response.status_code == 302
    auth.logout()
    links = approval_links(database.outbox(forum, "minutes_submitted"))
    assert _approve(client, links["juechen@akn.example"]).status_code == 200
    forum = _activity(database, forum.id)
    assert [m.place for m in forum.members_yet_to_approve()] == ["Dormagen", "Kaarst"]

    auth.login()
    assert _leave(client, database, "Jüchen", "2026-11-29").status_code == 302  # the clock's today: at once
    forum = _activity(database, forum.id)
    assert [m.place for m in forum.approving_members()] == ["Dormagen", "Kaarst"]
    assert _approvals_by(database, forum) == {"Jüchen"}  # the approval stays on record
    assert "Genehmigt (Regel erfüllt): 0" in _tick(runner)

    assert _approve(client, links["dormagen@akn.example"]).status_code == 200
    forum = _activity(database, forum.id)
    assert _approvals_by(database, forum) == {"Jüchen", "Dormagen"}  # two approvals for two approving members …
    assert forum.state == "minutes_drafted"  # … but Jüchen's no longer counts
    assert [m.place for m in forum.members_yet_to_approve()] == ["Kaarst"]
    assert "Es fehlen: Stadt Kaarst." in client.get(f"/foren/{forum.id}").get_data(as_text=True)
    assert database.outbox(forum, "approved") == []
    assert "Genehmigt (Regel erfüllt): 0" in _tick(runner)
    assert _activity(database, forum.id).state == "minutes_drafted"

    assert _approve(client, links["kaarst2@akn.example"]).status_code == 200
    forum = _activity(database, forum.id)
    assert forum.state == "approved"
    assert database.history(forum)[-1] == ("approve", "minutes_drafted", "approved")


def test_an_approval_of_a_project_participant_that_left_does_not_approve_alone(client, auth, clock, database, runner):
    """Rommerskirchen approves the report, then its leaving takes effect: the tick must not approve."""
    auth.login()
    assert _leave(client, database, "Rommerskirchen", "2026-12-20").status_code == 302  # ahead: still a member
    response = client.submit("/projekte/neu", project_data(database, participant_ids=[database.member_id("Rommerskirchen")]))
    assert response.status_code == 302
    project = database.latest_project()
    assert [m.place for m in project.approving_members()] == ["Kaarst", "Rommerskirchen"]
    auth.logout()
    assert Projects().hold(client, auth, clock, database, project.id).status_code == 302  # on 16.12.2026
    assert Projects().submit(client, auth, database, project.id, "38 t CO2 vermieden.").status_code == 302
    links = approval_links(database.outbox(project, "minutes_submitted"))
    assert _approve(client, links[LEFT]).status_code == 200
    project = _activity(database, project.id)
    assert project.state == "minutes_drafted"
    assert [m.place for m in project.members_yet_to_approve()] == ["Kaarst"]

    clock.advance(days=5)  # 21.12.2026: the leaving has taken effect
    output = _tick(runner)
    assert "Gemeinde Rommerskirchen ist seit dem 20.12.2026 kein Mitglied mehr." in output
    assert "Genehmigt (Regel erfüllt): 0" in output
    project = _activity(database, project.id)
    assert database.member("Rommerskirchen").active is False
    assert [m.place for m in project.approving_members()] == ["Kaarst"]
    assert _approvals_by(database, project) == {"Rommerskirchen"}  # one approval, one approving member …
    assert project.state == "minutes_drafted"  # … yet not approved: it is not that member's approval
    assert [m.place for m in project.members_yet_to_approve()] == ["Kaarst"]
    assert database.outbox(project, "approved") == []

    assert _approve(client, links["kaarst@akn.example"]).status_code == 200
    assert _activity(database, project.id).state == "approved"
