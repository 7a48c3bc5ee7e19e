"""The lifecycle drawn as SVG from its definition: shown in the app without any script or CDN.

The main path (the states reached by going forward from "planned") runs left to right; a state
off that path (cancelled) sits below its source; a step back curves below the row and a step
that keeps the state loops above its box; another way in than planning (Nacherfassung) enters
its state from above. Plain Python: no Flask, no layout engine.
"""

from html import escape
from textwrap import wrap

from .lifecycle import FORUM, NEW, PLANNED, STEPS, TRIGGER_LABELS, Vocabulary

BOX_WIDTH, BOX_HEIGHT, GAP = 150, 60, 80
TOP = 70  # room for the self loops and their labels
LINE = 15


def _main_path() -> list[str]:
    """Forward from "planned", preferring the state that goes on (held before cancelled)."""
    path = [PLANNED]
    while True:
        onward = [s.dest for s in STEPS if s.source == path[-1] and s.dest not in path]
        going_on = [d for d in onward if any(s.source == d for s in STEPS)]
        if not onward:
            return path
        path.append((going_on or onward)[0])


def _text(x: float, y: float, label: str, width: int, css: str) -> str:
    lines = wrap(label, width) or [label]
    first = y - (len(lines) - 1) * LINE / 2
    spans = "".join(f'<tspan x="{x:.0f}" y="{first + i * LINE:.0f}">{escape(line)}</tspan>' for i, line in enumerate(lines))
    return f'<text class="{css}" text-anchor="middle" dominant-baseline="middle">{spans}</text>'


def svg_diagram(vocabulary: Vocabulary = FORUM) -> str:
    """An SVG of every state and step, with the German labels of ``vocabulary``."""
    labels = vocabulary.labels
    path = _main_path()
    position = {state: (i * (BOX_WIDTH + GAP), TOP) for i, state in enumerate(path)}
    below = TOP + BOX_HEIGHT + 110
    for step in STEPS:
        if step.source in position and step.dest not in position and step.dest != NEW:
            position[step.dest] = (position[step.source][0], below)
    width = len(path) * (BOX_WIDTH + GAP) - GAP + 20
    height = below + BOX_HEIGHT + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lifecycle" viewBox="-10 0 {width} {height}" role="img" '
        f'aria-labelledby="lifecycle-title-{vocabulary.name}">',
        f'<title id="lifecycle-title-{vocabulary.name}">Ablauf: {escape(" → ".join(labels[s] for s in path))}</title>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>',
    ]
    for step in STEPS:
        if step.source == NEW and step.dest == PLANNED:
            continue  # the main path's start
        label = TRIGGER_LABELS[step.trigger]
        if step.source == NEW:  # another way in (Nacherfassung): an arrow from above into its state
            cx, top = position[step.dest][0] + BOX_WIDTH / 2, position[step.dest][1]
            parts.append(f'<path d="M{cx},{top - 40} L{cx},{top}" class="edge" marker-end="url(#arrow)"/>')
            parts.append(_text(cx, top - 50, label, 14, "edge-label"))
            continue
        (x1, y1), (x2, y2) = position[step.source], position[step.dest]
        if step.source == step.dest:  # a loop above the box
            cx = x1 + BOX_WIDTH / 2
            d = f"M{cx - 30},{y1} C{cx - 40},{y1 - 45} {cx + 40},{y1 - 45} {cx + 30},{y1}"
            label_at = (cx, y1 - 48)
        elif y2 > y1:  # down to a state off the main path
            cx = x1 + BOX_WIDTH / 2
            d = f"M{cx},{y1 + BOX_HEIGHT} L{cx},{y2}"
            label_at = (cx + 60, (y1 + BOX_HEIGHT + y2) / 2)
        elif x2 > x1:  # forward
            d = f"M{x1 + BOX_WIDTH},{y1 + BOX_HEIGHT / 2} L{x2},{y2 + BOX_HEIGHT / 2}"
            label_at = ((x1 + BOX_WIDTH + x2) / 2, y1 - 14)
        else:  # back: a curve below the row
            start, end = x1 + BOX_WIDTH / 2, x2 + BOX_WIDTH / 2
            bottom = y1 + BOX_HEIGHT
            d = f"M{start},{bottom} C{start},{bottom + 60} {end},{bottom + 60} {end},{bottom}"
            label_at = ((start + end) / 2, bottom + 58)
        parts.append(f'<path d="{d}" class="edge" marker-end="url(#arrow)"/>')
        parts.append(_text(*label_at, label, 14, "edge-label"))
    for state, (x, y) in position.items():
        parts.append(f'<rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="8" class="state-box"/>')
        parts.append(_text(x + BOX_WIDTH / 2, y + BOX_HEIGHT / 2, labels[state], 17, "state-label"))
    parts.append("</svg>")
    return "\n".join(parts)
