"""The validated-guideline cache: skips re-checking exactly the bytes that passed, nothing else."""

from __future__ import annotations

import os
import shutil
import stat

from conftest import BUNDLED

from tip_triage import loader, schemas
from tip_triage.store import ValidatedCache


class MemoryCache:
    def __init__(self) -> None:
        self.keys: set[str] = set()

    def known(self, key: str) -> bool:
        return key in self.keys

    def add(self, key: str) -> None:
        self.keys.add(key)


def test_a_guideline_that_passed_is_not_checked_again(monkeypatch):
    cache = MemoryCache()
    first = loader.load_guideline(None, cache)
    assert len(cache.keys) == 1
    calls = []
    monkeypatch.setattr(schemas, "errors", lambda *a: calls.append(a) or iter(()))
    second = loader.load_guideline(None, cache)
    assert calls == []
    assert second == first


def test_a_changed_guideline_is_checked_again(tmp_path):
    cache = MemoryCache()
    loader.load_guideline(None, cache)
    copy = tmp_path / "g"
    shutil.copytree(BUNDLED, copy)
    rules = copy / "rules.yaml"
    rules.write_text(rules.read_text().replace("{fact: recruited, equals: true}", "{fact: recruted, equals: true}", 1))
    problems, guideline = loader.check_guideline(str(copy), cache)
    assert guideline is None and "did you mean 'recruited'" in problems[0].message
    assert len(cache.keys) == 1


def test_the_disk_cache_is_owner_only(tmp_path):
    cache = ValidatedCache({"TIP_TRIAGE_CACHE_DIR": str(tmp_path / "c")})
    loader.load_guideline(None, cache)
    [marker] = list(cache.dir.iterdir())
    assert stat.S_IMODE(os.stat(marker).st_mode) == 0o600
    assert cache.known(marker.name)


def test_an_unwritable_cache_only_costs_time(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = ValidatedCache({"TIP_TRIAGE_CACHE_DIR": str(blocker)})
    assert loader.load_guideline(None, cache).id == "co-icbf-2018"
