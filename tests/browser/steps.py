"""What both browser walks do: log in, read mail rounds from the SMTP fixture, find links and labels."""

import re
from email.message import EmailMessage

from akn_intranet.demo import DEMO_CONTACTS, DEMO_PASSWORD

from ..forum_steps import LINK

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the browser fixture skips the tests (fails them with AKN_REQUIRE_BROWSER=1)
    Page = expect = None

COORDINATOR = "koordination@akn.example"
EVERYONE = sorted([COORDINATOR, *(f"{login}@akn.example" for _, login, _ in DEMO_CONTACTS), "beratung@akn.example"])
MAIL_TIMEOUT = 15.0


class Mailbox:
    """The SMTP fixture's messages, read one notification round (one mail per recipient) at a time."""

    def __init__(self, smtp) -> None:
        self.smtp = smtp
        self.read = 0

    def round(self, subject: str) -> dict[str, EmailMessage]:
        total = self.read + len(EVERYONE)
        self.smtp.wait_for(total, timeout=MAIL_TIMEOUT)  # sent by a background thread after the commit
        messages = self.smtp.messages[self.read : total]
        self.read = total
        assert sorted(m["To"] for m in messages) == EVERYONE  # exactly one mail per recipient
        # read as a mail client reads a folded header: a long subject may begin on its own line
        assert {str(m["Subject"]).strip() for m in messages} == {f"[AKN] {subject}"}
        return {m["To"]: m for m in messages}

    def assert_quiet(self) -> None:
        """Nothing beyond the rounds read so far (a round is complete once read, so no wait is needed)."""
        assert len(self.smtp.messages) == self.read, [str(m["Subject"]) for m in self.smtp.messages[self.read :]]


def text(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def approval_links(messages: dict[str, EmailMessage]) -> dict[str, str]:
    """Recipient → the personal approval link in the plain-text part, for those who got one."""
    links = {}
    for recipient, message in messages.items():
        match = LINK.search(text(message))
        if match:
            links[recipient] = match.group(0)
    return links


def login(page: Page, live_server, email: str) -> None:
    page.goto(live_server("/anmelden"))
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Übersicht", level=1)).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Abmelden \("))).to_be_visible()


def flash(page: Page):
    return page.locator("p.flash")


def state(page: Page):
    return page.locator("main .state").first
