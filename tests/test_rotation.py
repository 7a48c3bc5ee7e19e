"""Host rotation: municipalities in German alphabetical order, after the latest forum's host."""

import re

from akn_intranet.members.models import german_sort_key

from .forum_steps import plan


def _default_host(client) -> str:
    page = client.get("/foren/neu").get_data(as_text=True)
    return re.search(r'<option selected value="\d+">([^<]+)</option>', page).group(1)


def _options(client) -> list[str]:
    page = client.get("/foren/neu").get_data(as_text=True)
    select = page[page.index('name="host_id"') :]
    return re.findall(r'<option[^>]*>([^<]+)</option>', select[: select.index("</select>")])


def test_german_collation_puts_juechen_before_kaarst():
    places = ["Kaarst", "Jüchen", "Korschenbroich", "Grevenbroich"]
    assert sorted(places, key=german_sort_key) == ["Grevenbroich", "Jüchen", "Kaarst", "Korschenbroich"]
    # plain code-point order puts "ü" after every ASCII letter; DIN 5007 reads it as "u"
    assert sorted(["Juist", "Jüchen", "Jubel"], key=german_sort_key) == ["Jubel", "Jüchen", "Juist"]
    assert sorted(["Juist", "Jüchen", "Jubel"]) == ["Jubel", "Juist", "Jüchen"]


def test_hosts_are_the_municipalities_in_order_without_the_district(client, auth):
    auth.login()
    assert _options(client) == [
        "Stadt Dormagen", "Stadt Grevenbroich", "Stadt Jüchen", "Stadt Kaarst",
        "Stadt Korschenbroich", "Stadt Meerbusch", "Gemeinde Rommerskirchen",
    ]


def test_rotation_follows_the_latest_forum_and_wraps_around(client, auth, database):
    auth.login()
    assert _default_host(client) == "Stadt Dormagen"
    expected = ["Stadt Grevenbroich", "Stadt Jüchen", "Stadt Kaarst"]
    plan(client, database, number=1, day="2027-01-20", host_id=database.member_id("Dormagen"))
    for number, (day, host) in enumerate(zip(["2027-04-20", "2027-07-20", "2027-10-20"], expected, strict=True), 2):
        assert _default_host(client) == host
        plan(client, database, number=number, day=day, host_id=database.member_id(host.split()[-1]))
    plan(client, database, number=9, day="2028-01-20", host_id=database.member_id("Rommerskirchen"))
    assert _default_host(client) == "Stadt Dormagen"


def test_coordinator_may_override_the_host(client, auth, database):
    auth.login()
    assert plan(client, database, host_id=database.member_id("Meerbusch")).status_code == 302
    assert database.latest_forum().host.name == "Stadt Meerbusch"
    assert _default_host(client) == "Gemeinde Rommerskirchen"


def test_cancelled_forum_does_not_use_up_a_turn(client, auth, database):
    auth.login()
    plan(client, database, host_id=database.member_id("Jüchen"))
    forum = database.latest_forum()
    client.submit(f"/foren/{forum.id}/aktion/cancel", {"comment": "Raum nicht verfügbar"})
    assert database.latest_forum().state == "cancelled"
    assert _default_host(client) == "Stadt Dormagen"
