"""The README shows the real machine, not a hand-drawn copy."""

from pathlib import Path

from workflows.lifecycle import mermaid_diagram

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_diagram_is_the_running_machine():
    text = README.read_text()
    block = text.split("<!-- diagram:start -->", 1)[1].split("<!-- diagram:end -->", 1)[0]
    assert block.strip() == f"```mermaid\n{mermaid_diagram().strip()}\n```"


def test_readme_opens_with_the_two_commands():
    head = README.read_text()[:800]
    assert "make run" in head and "make test" in head
