"""Hostile guidelines, built as small additions to a copy of the bundled one (for tests and bench/)."""

from __future__ import annotations

import shutil
from pathlib import Path

BUNDLED = Path(__file__).resolve().parent.parent / "guidelines" / "co-icbf-2018"

NOTE = """  - id: {id}
    when: {when}
    text: {{es: "Nota de prueba.", en: "A test note."}}
    basis: [cp_188a]
    status: INFERRED
"""
DEFINITION = """  {name}:
    label: {{es: "Prueba", en: "Test"}}
    when: {when}
    basis: [cp_188a]
    status: INFERRED
"""


def copy(target: Path) -> Path:
    shutil.copytree(BUNDLED, target)
    return target


def add(folder: Path, definitions: dict[str, str] | None = None, notes: dict[str, str] | None = None) -> Path:
    """Add definitions (name -> condition in YAML flow style) and notes (id -> condition) to rules.yaml."""
    rules = folder / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    if definitions:
        block = "".join(DEFINITION.format(name=n, when=w) for n, w in definitions.items())
        text = text.replace("definitions:\n", "definitions:\n" + block, 1)
    if notes:
        text = text.rstrip("\n") + "\n" + "".join(NOTE.format(id=i, when=w) for i, w in notes.items())
    rules.write_text(text, encoding="utf-8")
    return folder


def diamond(target: Path, layers: int) -> Path:
    """Definitions d0 .. d{layers}: each layer refers twice to the next; a note reads d0."""
    defs = {
        f"d{i}": f"{{any: [{{ref: d{i + 1}}}, {{all: [{{ref: d{i + 1}}}, {{fact: disability, equals: true}}]}}]}}"
        for i in range(layers)
    }
    defs[f"d{layers}"] = "{fact: age, lt: 18}"
    folder = add(copy(target), defs, {"diamond_note": "{ref: d0}"})
    rules = folder / "rules.yaml"  # `minor` (read by most rules) also reads d0: the same meaning, a deep graph
    old = "when: {any: [{fact: age, lt: 18}, {fact: age_uncertain, equals: true}]}"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace(
            old, "when: {any: [{fact: age, lt: 18}, {fact: age_uncertain, equals: true}, {ref: d0}]}", 1
        ),
        encoding="utf-8",
    )
    return folder


def chain(target: Path, links: int) -> Path:
    """Definitions c0 -> c1 -> ... -> c{links}, read by a note."""
    defs = {f"c{i}": f"{{ref: c{i + 1}}}" for i in range(links)}
    defs[f"c{links}"] = "{fact: age, lt: 18}"
    return add(copy(target), defs, {"chain_note": "{ref: c0}"})


def nested(target: Path, levels: int) -> Path:
    """A note whose condition is nested `levels` deep (not: not: ...)."""
    cond = "{fact: age, lt: 18}"
    for _ in range(levels):
        cond = "{not: " + cond + "}"
    return add(copy(target), None, {"nested_note": cond})


def many_notes(target: Path, count: int) -> Path:
    return add(copy(target), None, {f"n{i}": "{fact: age, lt: 18}" for i in range(count)})
