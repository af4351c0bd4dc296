"""What the interview shows around the questions, laid out for the terminal's width (80 columns at least).

Nothing here breaks a word: lines are cut at spaces before the terminal or
prompt_toolkit would cut them mid-word, and a key hint is wrapped together with
its question, not appended after the question was wrapped.
"""

from __future__ import annotations

import textwrap
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from ..i18n import t
from ..model import Guideline, Question, ReferralResult, Result
from ..textsafe import clean_item, printable, printable_text

LEVEL_STYLE = {"none": "green", "possible": "yellow", "clear": "bold red"}


def header(stage_text: str, indicator_label: str, level_text: str, level: str, width: int) -> RenderableType:
    """`Etapa 2/8 · title` on the left and the indicator level on the right; two lines when they do not fit."""
    left = Text(stage_text, style="bold cyan")
    right = Text.assemble(f"{indicator_label}: ", (level_text, LEVEL_STYLE[level]))
    gap = width - left.cell_len - right.cell_len
    if gap >= 2:
        return Text.assemble(left, " " * gap, right)
    right.justify = "right"
    return Group(left, right)


def wrap_question(text: str, hint: str, width: int, prefix: int = 2) -> str:
    """The question and its key hint as one paragraph, cut at spaces; continuation lines indented by 2.

    `prefix` is what questionary puts before the first line ("? "); the answer that
    questionary echoes after the last line needs room too, so the lines stay short of
    the right edge.
    """
    body = f"{text} {hint}".strip() if hint else text
    lines = textwrap.wrap(
        body, width=max(20, width - prefix - 1), break_long_words=False, break_on_hyphens=False, subsequent_indent="  "
    )
    return "\n".join(lines) or body


def emergency_line(guideline: Guideline) -> str:
    """The emergency line of the guideline's alert referral (never a number written here)."""
    for referral in guideline.referrals:
        if referral.alert and referral.contact:
            return referral.contact[0]
    return ""


def danger_first(item: dict[str, Any], facts: dict[str, Any], guideline: Guideline, lang: str) -> str | None:
    """The line that leads the end summary when immediate danger was never established."""
    # danger is established once the facts the guideline's alert reads are known
    from ..condtree import walk_atoms

    read = {
        a.fact for r in guideline.referrals if r.alert and r.contact for a in walk_atoms(r.when) if hasattr(a, "fact")
    }
    if read and all(facts.get(f) is not None for f in read):
        return None
    line = emergency_line(guideline)
    return t("danger_first", lang).format(line=line) if line else None


def command_lines(command: str, width: int, indent: str = "  ") -> list[str]:
    """A shell command to paste, cut at spaces with `\\` continuations so that no line wraps in the terminal.

    Pasted as shown (one line or several), a POSIX shell or bash runs the same command: a quoted word
    ('/home/ana/Mis casos/caso 1.html', as shlex.quote writes it) is never cut at a space inside its quotes.
    """
    words = _shell_words(command)
    lines: list[str] = []
    current = indent
    for word in words:
        candidate = current + ("" if current == indent or current.endswith(" ") else " ") + word
        if len(candidate) + 2 > width and current.strip():
            lines.append(current + " \\")
            current = indent * 2 + word
        else:
            current = candidate
    lines.append(current)
    return lines


def _shell_words(command: str) -> list[str]:
    """`command` split at the spaces outside quotes (shlex.quote's '...' and "'"), each word as written."""
    words: list[str] = []
    current = quote = ""
    for char in command:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == " ":
            words.append(current)
            current = ""
            continue
        current += char
    return [*words, current]


def stage_header(guideline: Guideline, question: Question, result: Result, lang: str, width: int) -> RenderableType:
    """The header above a question: the stage and the trafficking indicator so far."""
    stages = [s.id for s in guideline.stages]
    level = result.indicator_level
    screening = guideline.screening_code
    screened = any(s != "silent" for r, s in result.rule_status.items() if guideline.rule(r).code == screening)
    shown = t("level_" + level, lang) if level != "none" or screened else t("level_unassessed", lang)
    title = guideline.stage(question.stage).title[lang]
    return header(
        f"{t('stage', lang)} {stages.index(question.stage) + 1}/{len(stages)} · {title}",
        t("indicator", lang),
        shown,
        level,
        width,
    )


def alert_panel(ref: ReferralResult, lang: str) -> RenderableType:
    """An immediate action, shown the moment the answers call for it."""
    from rich.panel import Panel

    body = f"{ref.institution[lang]}\n{ref.action[lang]}"
    if ref.contact:
        body += f"\n{t('contact', lang)}: {', '.join(ref.contact)}"
    return Panel(Text(body, style="bold"), title=t("alert", lang), border_style="bold red")


def end_screen(out: Any, guideline: Guideline, data: dict[str, Any], facts: Any, lang: str) -> None:
    """The result panels, then the short checklist, led by the danger line when danger was never established."""
    from .text import render_panels, summary_lines

    data = clean_item(data)  # the case's id (from a case file: --from, --exercise) in the title, never raw
    render_panels([data], out, guideline, lang)
    out.print(Text(t("summary", lang), style="bold underline"))
    first = danger_first(data, facts, guideline, lang)
    if first:  # safety first, to the last line: it leads the summary, in view above the closing menu
        out.print(Text(f"⚠ {first}", style="bold red"))
    for line in summary_lines(data, lang):
        out.print(Text(line), overflow="ellipsis", no_wrap=True)


def reading_panel(title: str, narrative: str, subtitle: str, width: int = 80, box_title: str = "") -> RenderableType:
    """A scenario's narrative to read (triage --exercise): its title and what to do above it, then the story in a box.

    The title wraps at spaces to `width` and never inside a word (a scenario named by its id keeps the id whole,
    even wider than the terminal: print it with crop=False); no raw control from the file, no markup.
    """
    from rich.panel import Panel

    from .text import whole_words

    return Group(
        whole_words(title, width, "bold cyan"),
        Text(printable(subtitle), style="italic"),
        Panel(
            Text(printable_text(narrative)),
            title=Text(printable(box_title)) if box_title else None,
            title_align="left",
            border_style="cyan",
        ),
    )


def help_panel(text: str, lang: str) -> RenderableType:
    from rich.panel import Panel

    return Panel(Text(text), title=t("help_title", lang), border_style="cyan")


def dropped_line(label: str, lang: str) -> RenderableType:
    """An answer dropped because its question no longer applies."""
    return Text(f"{t('dropped', lang)}: {label}", style="yellow")
