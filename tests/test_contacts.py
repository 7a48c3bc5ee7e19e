"""Contacts: the coordinator adds them with a single-use, expiring invitation link; the rules of
procedure limit how many a member has; anyone changes their own password."""

import hashlib
import re
from datetime import date

from akn_intranet.extensions import db
from akn_intranet.members.operations import apply_membership_changes
from akn_intranet.rules.models import RulesVersion
from akn_intranet.transactions import commit

from .forum_steps import COORDINATOR, plan

NEW_CONTACT = "moritz.meier@meerbusch.example"
NEW_PASSWORD = "meerbusch-klima-26"


def _add(client, database, place: str, email: str = NEW_CONTACT, name: str = "Moritz Meier"):
    return client.submit("/ansprechpersonen/neu", {"member_id": database.member_id(place), "name": name, "email": email})


def _invitations(database, email: str = NEW_CONTACT):
    return [m for m in database.outbox(notification="contact_invitation") if m.recipient == email]


def _link(database, email: str = NEW_CONTACT) -> str:
    """The path of the latest invitation link mailed to ``email``."""
    return re.search(r"/einladung/[\w-]+", _invitations(database, email)[-1].body_text).group(0)


def _set(client, link: str, password: str = NEW_PASSWORD, confirm: str | None = None, stale: bool = False, **kwargs):
    post = client.post_stale if stale else client.submit  # stale: the form from before the link went bad
    return post(link, {"password": password, "confirm": password if confirm is None else confirm}, **kwargs)


def _contact_action(client, database, email: str, action: str, stale: bool = False):
    url = f"/ansprechpersonen/{database.user_ids(email)[0]}/{action}"
    return client.post_stale(url) if stale else client.submit(url, page="/mitglieder/")


def _can_log_in(auth, email: str, password: str = "akn-demo-2026") -> bool:
    response = auth.login(email, password)
    auth.logout()
    return response.status_code == 302


def test_the_invitation_link_sets_a_password_once(client, auth, database):
    auth.login()
    response = _add(client, database, "Meerbusch", email="Moritz.Meier@Meerbusch.example", name=" Moritz Meier ")
    assert response.status_code == 302
    user = database.user(NEW_CONTACT)  # stored in lower case
    assert (user.name, user.role, user.member.place, user.active, user.password_hash) == (
        "Moritz Meier", "contact", "Meerbusch", True, None,
    )
    [mail] = _invitations(database)
    assert mail.subject == "[AKN] Ihr Zugang zum AKN Intranet"
    assert mail.activity_id is None
    assert "Ansprechperson für Stadt Meerbusch im AKN Intranet" in mail.body_text and "**" not in mail.body_text
    link = _link(database)
    raw = link.rsplit("/", 1)[1]
    [token] = database.invitation_tokens(NEW_CONTACT)
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()  # only the hash is stored
    auth.logout()

    page = client.get(link).get_data(as_text=True)
    assert "Willkommen, Moritz Meier" in page and "Passwort festlegen" in page
    assert database.user(NEW_CONTACT).password_hash is None  # GET changes nothing
    assert "mindestens 10" in _set(client, link, "zu-kurz").get_data(as_text=True)
    assert "stimmen nicht überein" in _set(client, link, confirm="etwas-anderes-1").get_data(as_text=True)
    assert database.user(NEW_CONTACT).password_hash is None

    response = _set(client, link)
    assert response.status_code == 302 and response.headers["Location"] == "/anmelden"
    assert _can_log_in(auth, NEW_CONTACT, NEW_PASSWORD)

    for response in (_set(client, link, "ein-ganz-anderes-passwort", stale=True), client.get(link)):
        assert response.status_code == 410
        assert "Link bereits verwendet" in response.get_data(as_text=True)
    assert not _can_log_in(auth, NEW_CONTACT, "ein-ganz-anderes-passwort")
    assert _can_log_in(auth, NEW_CONTACT, NEW_PASSWORD)


def test_an_expired_tampered_or_replaced_link_sets_nothing(client, auth, clock, database):
    auth.login()
    _add(client, database, "Meerbusch")
    first = _link(database)
    assert _contact_action(client, database, NEW_CONTACT, "einladen").status_code == 302
    second = _link(database)
    assert len(_invitations(database)) == 2 and first != second
    auth.logout()

    response = _set(client, first, stale=True)
    assert response.status_code == 410 and "Link abgelaufen" in response.get_data(as_text=True)  # replaced
    response = _set(client, second[:-3] + "xyz", stale=True)
    assert response.status_code == 404 and "Link ungültig" in response.get_data(as_text=True)
    clock.advance(days=8)
    for response in (client.get(second), _set(client, second, stale=True)):
        assert response.status_code == 410
        assert "Link abgelaufen" in response.get_data(as_text=True)
        assert "Es wurde nichts gespeichert." in response.get_data(as_text=True)
    assert database.user(NEW_CONTACT).password_hash is None
    assert [t.used_at for t in database.invitation_tokens(NEW_CONTACT)] == [None, None]


def test_a_third_contact_where_two_are_allowed_is_refused(client, auth, database):
    auth.login()
    response = _add(client, database, "Dormagen", email="dritte@dormagen.example")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Stadt Dormagen hat bereits 2 aktive Ansprechpersonen" in page
    assert "höchstens 2 je Mitglied" in page
    assert 'value="dritte@dormagen.example"' in page  # input kept
    assert database.user("dritte@dormagen.example") is None
    assert _invitations(database, "dritte@dormagen.example") == []

    assert _contact_action(client, database, "dormagen2@akn.example", "deaktivieren").status_code == 302
    assert _add(client, database, "Dormagen", email="dritte@dormagen.example").status_code == 302
    response = _contact_action(client, database, "dormagen2@akn.example", "reaktivieren")
    assert response.status_code == 422
    assert "höchstens 2 je Mitglied" in response.get_data(as_text=True)
    assert database.user("dormagen2@akn.example").active is False


def test_the_limit_comes_from_the_rules_of_procedure(app, client, auth, database):
    with app.app_context():
        db.session.add(RulesVersion(contacts_per_member=3, note="Drei Ansprechpersonen je Mitglied"))
        commit()
    auth.login()
    assert _add(client, database, "Kaarst", email="dritte@kaarst.example").status_code == 302
    response = _add(client, database, "Kaarst", email="vierte@kaarst.example")
    assert response.status_code == 422
    assert "höchstens 3 je Mitglied" in response.get_data(as_text=True)


def test_email_addresses_are_unique_ignoring_case_and_must_be_valid(client, auth, database):
    auth.login()
    response = _add(client, database, "Meerbusch", email="Dormagen@AKN.example")
    assert response.status_code == 422
    assert "Die E-Mail-Adresse dormagen@akn.example ist bereits vergeben (Dana Dorn (Stadt Dormagen))." in (
        response.get_data(as_text=True)
    )
    response = _add(client, database, "Meerbusch", email="keine adresse")
    assert response.status_code == 200
    assert "Bitte geben Sie eine gültige E-Mail-Adresse an." in response.get_data(as_text=True)
    assert [m.recipient for m in database.outbox(notification="contact_invitation")] == []


def test_a_deactivated_contact_gets_no_mail_and_cannot_log_in(client, auth, database):
    auth.login()
    assert _contact_action(client, database, "kaarst2@akn.example", "deaktivieren").status_code == 302
    assert "deaktiviert" in client.get("/mitglieder/").get_data(as_text=True)
    assert plan(client, database).status_code == 302
    invited = {m.recipient for m in database.outbox(database.latest_forum(), "invitation")}
    assert "kaarst2@akn.example" not in invited and "kaarst@akn.example" in invited
    auth.logout()
    assert not _can_log_in(auth, "kaarst2@akn.example")

    auth.login()
    assert _contact_action(client, database, "kaarst2@akn.example", "deaktivieren", stale=True).status_code == 409
    assert _contact_action(client, database, "kaarst2@akn.example", "reaktivieren").status_code == 302
    auth.logout()
    assert _can_log_in(auth, "kaarst2@akn.example")


def test_an_invitation_of_a_deactivated_contact_sets_nothing(client, auth, database):
    auth.login()
    _add(client, database, "Meerbusch")
    link = _link(database)
    _contact_action(client, database, NEW_CONTACT, "deaktivieren")
    auth.logout()
    response = _set(client, link, stale=True)
    assert response.status_code == 403
    assert "deaktiviert" in response.get_data(as_text=True)
    assert database.user(NEW_CONTACT).password_hash is None


def test_only_the_coordinator_manages_contacts_and_not_other_accounts(client, auth, database):
    auth.login("kaarst@akn.example")
    assert client.get("/ansprechpersonen/neu").status_code == 403
    assert client.post_stale("/ansprechpersonen/neu", {"member_id": database.member_id("Kaarst"), "name": "X",
                                                                   "email": "x@kaarst.example"}).status_code == 403
    kaarst2 = database.user_ids("kaarst2@akn.example")[0]
    assert client.post_stale(f"/ansprechpersonen/{kaarst2}/deaktivieren").status_code == 403
    auth.logout()
    auth.login()
    response = _contact_action(client, database, "beratung@akn.example", "deaktivieren", stale=True)
    assert response.status_code == 403 and "keine Ansprechperson" in response.get_data(as_text=True)
    assert _contact_action(client, database, COORDINATOR, "deaktivieren", stale=True).status_code == 403
    assert database.user("x@kaarst.example") is None
    assert database.user("kaarst2@akn.example").active and database.user("beratung@akn.example").active


def test_everyone_changes_their_own_password(client, auth):
    auth.login("juechen@akn.example")
    assert 'href="/passwort">Passwort ändern' in client.get("/konto").get_data(as_text=True)  # via "Konto"
    data = {"current_password": "falsch", "password": "juechen-neu-2026", "confirm": "juechen-neu-2026"}
    assert "Das aktuelle Passwort ist nicht richtig." in client.submit("/passwort", data).get_data(as_text=True)
    data["current_password"] = "akn-demo-2026"
    response = client.submit("/passwort", {**data, "password": "kurz", "confirm": "kurz"})
    assert "Das Passwort muss mindestens 10 und höchstens 200 Zeichen lang sein." in response.get_data(as_text=True)
    auth.logout()
    assert _can_log_in(auth, "juechen@akn.example")  # nothing changed yet

    auth.login("juechen@akn.example")
    assert client.submit("/passwort", data).status_code == 302
    auth.logout()
    assert not _can_log_in(auth, "juechen@akn.example")
    assert _can_log_in(auth, "juechen@akn.example", "juechen-neu-2026")


def test_a_contact_of_a_member_joining_later_logs_in_from_the_joining_day(app, client, auth, clock, database):
    auth.login()
    neuss = {"name": "Stadt Neuss", "place": "Neuss", "is_municipality": "y", "effective_on": "2026-12-01"}
    assert client.submit("/mitglieder/neu", neuss).status_code == 302
    assert _add(client, database, "Neuss", email="nora@neuss.example", name="Nora Neumann").status_code == 302
    auth.logout()
    response = _set(client, _link(database, "nora@neuss.example"), follow_redirects=True)
    assert "sobald der Beitritt von Stadt Neuss wirksam ist" in response.get_data(as_text=True)
    assert not _can_log_in(auth, "nora@neuss.example", NEW_PASSWORD)

    clock.advance(days=10)
    with app.app_context():
        apply_membership_changes(date(2026, 12, 1))
        commit()
    assert _can_log_in(auth, "nora@neuss.example", NEW_PASSWORD)
