"""batch --summary: counts by qualification, concurrent offence, indicator level, referral, missing fact and
unmet expectation, as a table or as data (the last element of --format json)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..expect import difference_key
from ..i18n import UI
from ..model import Guideline
from ..pipeline import Digest
from .stream import SUMMARY_VERSION, w

if TYPE_CHECKING:
    from rich.console import Console

# ---------------------------------------------------------------- summary


class Summary:
    """Counters only: the exit code and --summary never need the results themselves."""

    SHOWN_FAILURES = 20

    def __init__(self, detailed: bool = True) -> None:
        self.detailed = detailed  # False: only what the exit code and the totals line need
        self.total = self.errors = self.unmet = self.met = 0
        self.qualification: Counter[str] = Counter()
        self.concurrent: Counter[str] = Counter()
        self.indicator: Counter[str] = Counter()
        self.referral: Counter[str] = Counter()
        self.missing: Counter[str] = Counter()
        self.difference: Counter[str] = Counter()
        self.failed: list[str] = []
        self.guidelines: dict[str, dict[str, str]] = {}

    def add(self, d: Digest) -> None:
        self.total += 1
        if d.status == "error":
            self.errors += 1
            return
        if self.detailed:
            self.qualification[d.qualification] += 1
            self.concurrent.update(d.concurrent)
            self.indicator[d.indicator_level] += 1
            self.referral.update(d.referrals)
            self.missing.update(d.missing)
        if d.expect_met is True:
            self.met += 1
        elif d.expect_met is False:
            self.unmet += 1
            if self.detailed:
                self.difference.update(x.split(":", 1)[0] for x in d.differences)
            if len(self.failed) < self.SHOWN_FAILURES:
                self.failed.append(d.id or d.file or "")

    @property
    def ok(self) -> int:
        return self.total - self.errors - self.unmet

    def as_data(self, top: int = 10) -> dict[str, Any]:
        return {
            "tip_triage_summary": SUMMARY_VERSION,
            "cases": self.total,
            "ok": self.ok,
            "errors": self.errors,
            "expectations": {
                "met": self.met,
                "unmet": self.unmet,
                "by_key": dict(self.difference.most_common()),
                "first_unmet": list(self.failed),
            },
            "qualification": dict(self.qualification.most_common()),
            "concurrent": dict(self.concurrent.most_common()),
            "indicator_level": dict(self.indicator.most_common()),
            "referrals": dict(self.referral.most_common()),
            "missing": dict(self.missing.most_common(top)),
        }

    def totals_line(self, lang: str) -> str:
        return w("totals", lang).format(n=self.total, ok=self.ok, unmet=self.unmet, error=self.errors)

    def print(self, out: Console, lang: str, guideline: Guideline | None = None) -> None:
        from rich import box
        from rich.markup import escape
        from rich.table import Table

        title = w("summary", lang)
        if guideline is not None:
            title += f" · {w('guideline', lang)} {guideline.id} {guideline.version} (sha256 {guideline.sha256[:12]})"
        sections: Iterable[tuple[str, Counter[str]]] = (
            ("by_qualification", self.qualification),
            ("by_concurrent", self.concurrent),
            ("by_indicator", self.indicator),
            ("by_referral", self.referral),
            ("by_missing", self.missing),
            ("by_expect", self.difference),
        )
        out.print(escape(title), style="bold", soft_wrap=True, highlight=False)
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("", no_wrap=True)
        table.add_column(w("count", lang), justify="right", no_wrap=True)
        for key, counter in sections:
            items = counter.most_common(10 if key == "by_missing" else None)
            if not items:
                continue
            table.add_row(f"[bold]{w(key, lang)}[/bold]", "")
            for name, count in items:
                table.add_row(f"  {escape(_shown(key, name, lang))}", str(count))
        out.print(table)
        if self.failed:
            out.print(
                escape(
                    f"{w('by_expect', lang)}: "
                    + ", ".join(self.failed)
                    + (" …" if self.unmet > len(self.failed) else "")
                ),
                soft_wrap=True,
                highlight=False,
            )


def _shown(section: str, name: str, lang: str) -> str:
    """An indicator level or an expect key in the reader's words; codes and ids as they are."""
    if section == "by_indicator":
        return UI[f"level_{name}"][lang] if f"level_{name}" in UI else name
    return difference_key(name, lang) if section == "by_expect" else name
