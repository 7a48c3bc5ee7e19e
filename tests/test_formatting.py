"""User-written Markdown on a page: its headings fit under the page's own h1, whatever level they were written at."""

import re

import pytest

from akn_intranet.formatting import render_markdown

HEADING = re.compile(r"<(h\d)>")


@pytest.mark.parametrize(
    ("text", "top", "levels"),
    [
        ("# Titel\n\n## Teil\n\n### Punkt", 1, ["h1", "h2", "h3"]),  # the PDF: the document's own title is the h1
        ("# Titel\n\n## Teil", 2, ["h2", "h3"]),  # a page with its own h1
        ("## Verantwortlich\n\n## Zweck\n\n### Frist", 2, ["h2", "h2", "h3"]),  # written from ## on: no level skipped
        ("## Anbieter", 3, ["h3"]),
        ("# A\n\n###### tief", 3, ["h3", "h6"]),  # never beyond h6
        ("Nur Text", 2, []),
    ],
)
def test_the_highest_heading_of_a_text_takes_the_level_the_page_asks_for(text, top, levels):
    assert HEADING.findall(render_markdown(text, top)) == levels
