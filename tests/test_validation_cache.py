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


# ---------------------------------------------------------------- the kept model (cache.py)


def _no_yaml(monkeypatch):
    from tip_triage import yamlio

    def refuse(*args):
        raise AssertionError("the guideline was read again")

    monkeypatch.setattr(yamlio, "parse", refuse)


def test_a_kept_model_is_not_read_again_and_is_the_same(tmp_path, monkeypatch):
    cache = ValidatedCache({"TIP_TRIAGE_CACHE_DIR": str(tmp_path / "c")})
    first = loader.load_guideline(None, cache)
    [kept] = list(cache.models.iterdir())
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600
    _no_yaml(monkeypatch)
    second = loader.load_guideline(None, cache)
    assert second == first and second is not first
    assert second.sha256 == first.sha256 and second.path == first.path


def test_a_changed_include_is_read_and_checked_again(tmp_path, monkeypatch):
    cache = ValidatedCache({"TIP_TRIAGE_CACHE_DIR": str(tmp_path / "c")})
    copy = tmp_path / "g"
    shutil.copytree(BUNDLED, copy)
    loader.load_guideline(str(copy), cache)
    rules = copy / "rules.yaml"
    rules.write_text(rules.read_text().replace("{fact: recruited, equals: true}", "{fact: recruted, equals: true}", 1))
    problems, guideline = loader.check_guideline(str(copy), cache)
    assert guideline is None and "did you mean 'recruited'" in problems[0].message


def _kept_file(tmp_path):
    cache = ValidatedCache({"TIP_TRIAGE_CACHE_DIR": str(tmp_path / "c")})
    loader.load_guideline(None, cache)
    [kept] = list(cache.models.iterdir())
    return cache, kept


def test_a_model_file_that_others_can_write_is_ignored(tmp_path, monkeypatch):
    cache, kept = _kept_file(tmp_path)
    os.chmod(kept, 0o620)
    index = loader.resolve_guideline(None)
    assert cache.model(str(index), index.read_bytes()) is None
    os.chmod(kept, 0o600)
    assert cache.model(str(index), index.read_bytes()) is not None


def test_a_model_file_with_a_wrong_seal_is_ignored(tmp_path):
    cache, kept = _kept_file(tmp_path)
    data = kept.read_bytes()
    kept.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    index = loader.resolve_guideline(None)
    assert cache.model(str(index), index.read_bytes()) is None
    assert loader.load_guideline(None, cache).id == "co-icbf-2018"  # read and checked in full, kept again


def test_a_sealed_model_naming_anything_but_the_models_classes_is_refused(tmp_path):
    import pickle

    from tip_triage import cache as cache_module

    cache, kept = _kept_file(tmp_path)
    index = loader.resolve_guideline(None)
    key = kept.name
    body = pickle.dumps(([], os.getcwd), pickle.HIGHEST_PROTOCOL)  # a function of another module
    secret = cache._secret()
    kept.write_bytes(cache_module._sealed(secret, key, body) + b"\n" + body)
    assert cache.model(str(index), index.read_bytes()) is None


def test_a_model_is_kept_per_index_path(tmp_path):
    cache = ValidatedCache({"TIP_TRIAGE_CACHE_DIR": str(tmp_path / "c")})
    copy = tmp_path / "g"
    shutil.copytree(BUNDLED, copy)
    assert loader.load_guideline(str(copy), cache).path == str(copy / "guideline.yaml")
    assert loader.load_guideline(None, cache).path == str(loader.resolve_guideline(None))
    assert len(list(cache.models.iterdir())) == 2


def test_only_the_newest_models_are_kept(tmp_path):
    from tip_triage import cache as cache_module

    cache = ValidatedCache({"TIP_TRIAGE_CACHE_DIR": str(tmp_path / "c")})
    cache.models.mkdir(parents=True)
    for n in range(cache_module._KEPT_MODELS + 3):
        old = cache.models / f"{n:064d}"
        old.write_bytes(b"")
        os.utime(old, ns=(n * 10**9, n * 10**9))
    loader.load_guideline(None, cache)
    left = sorted(p.name for p in cache.models.iterdir())
    assert len(left) == cache_module._KEPT_MODELS
    assert f"{cache_module._KEPT_MODELS + 2:064d}" in left and f"{0:064d}" not in left
