"""The window's one-line prompts: the pattern picker (O) and the save-as box (S).

A ``Prompt`` holds the typed text, an error line and, for the picker, the candidates matching the text: bundled
pattern names (by name or title, prefix matches first) and files or folders whose path starts with the text.
Tab completes to the chosen candidate or the candidates' common prefix; Up/Down choose. Pure logic, no pygame.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

__all__ = ["Prompt", "Candidate", "PATTERN_SUFFIXES", "bundled_candidates", "file_candidates"]

PATTERN_SUFFIXES = (".rle", ".cells", ".lif", ".life", ".mc", ".rle.gz", ".cells.gz", ".lif.gz", ".life.gz",
                    ".mc.gz")
_MAX_FILES = 500  # entries read from one folder: a huge folder must not stall the window


@dataclass(frozen=True)
class Candidate:
    """A completion: ``value`` goes into the prompt, ``label`` and ``detail`` are shown; folders end in ``/``."""

    value: str
    label: str
    detail: str = ""
    is_dir: bool = False


def bundled_candidates(text: str, lang: str = "en") -> list:
    """Bundled patterns whose name or title contains ``text`` (prefix matches first), described in ``lang``.
    Raises PatternError when the bundled library is missing."""
    from .. import library
    from . import text as T

    key = library.normalize(text)
    first, rest = [], []
    for e in library.entries():
        title = library.normalize(e.title)
        if not key or e.name.startswith(key) or title.startswith(key):
            first.append(e)
        elif key in e.name or key in title or any(key in library.normalize(a) for a in e.aliases):
            rest.append(e)
    return [Candidate(e.name, e.name, f"{T.category(lang, e.category)} · {T.library_text(lang, e.description)}")
            for e in first + rest]


def file_candidates(text: str) -> list:
    """Folders and pattern files whose path starts with ``text`` (``~`` expanded), folders first."""
    path = os.path.expanduser(text)
    folder, stem = os.path.split(path)
    try:
        with os.scandir(folder or ".") as it:
            entries = []
            for i, entry in enumerate(it):
                if i >= _MAX_FILES:
                    break
                entries.append(entry)
    except OSError:
        return []
    dirs, files = [], []
    shown_folder = os.path.split(text)[0]
    for entry in entries:
        name = entry.name
        if not name.startswith(stem) or (name.startswith(".") and not stem.startswith(".")):
            continue
        value = os.path.join(shown_folder, name) if shown_folder else name
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            dirs.append(Candidate(value + os.sep, name + os.sep, is_dir=True))
        elif name.lower().endswith(PATTERN_SUFFIXES):
            files.append(Candidate(value, name))
    return sorted(dirs, key=lambda c: c.value) + sorted(files, key=lambda c: c.value)


def _looks_like_path(text: str) -> bool:
    return os.sep in text or text.startswith(("~", ".")) or (os.altsep is not None and os.altsep in text)


@dataclass
class Prompt:
    """A one-line text prompt. ``kind`` is ``"open"`` (with candidates), ``"save"`` or ``"rule"``."""

    kind: str
    text: str = ""
    error: str | None = None
    busy: bool = False  # the submitted text is being loaded/saved
    selected: int = -1  # index into candidates, -1: none
    candidates: list = field(default_factory=list)
    library_error: str | None = None
    lang: str = "en"  # the language of the candidates' descriptions

    def __post_init__(self):
        self.refresh()

    def refresh(self) -> None:
        """Recompute the candidates for the current text (open prompts only)."""
        self.selected = -1
        if self.kind != "open":
            self.candidates = []
            return
        found = []
        if not _looks_like_path(self.text):
            try:
                found = bundled_candidates(self.text, self.lang)
                self.library_error = None
            except ValueError as e:  # PatternError: the library is missing
                self.library_error = str(e)
        found += file_candidates(self.text) if (self.text or not found) else []
        self.candidates = found

    def type(self, chars: str) -> None:
        """Insert typed characters at the end."""
        chars = "".join(ch for ch in chars if ch.isprintable())
        if chars:
            self.text += chars
            self.error = None
            self.refresh()

    def backspace(self, word: bool = False) -> None:
        """Delete the last character (the last word with ``word``)."""
        if not self.text:
            return
        if word:
            t = self.text.rstrip(os.sep + " -_.")
            cut = max(t.rfind(c) for c in (os.sep, " ", "-", "_", ".")) + 1
            self.text = t[:cut]
        else:
            self.text = self.text[:-1]
        self.error = None
        self.refresh()

    def move(self, delta: int) -> None:
        """Move the selection among the candidates (wrapping)."""
        if not self.candidates:
            return
        if self.selected < 0:
            self.selected = 0 if delta > 0 else len(self.candidates) - 1
        else:
            self.selected = (self.selected + delta) % len(self.candidates)

    def complete(self) -> None:
        """Tab: take the selected candidate, else the only one, else the candidates' longest common prefix
        (else select the next candidate)."""
        if not self.candidates:
            return
        if self.selected >= 0:
            choice = self.candidates[self.selected]
        elif len(self.candidates) == 1:
            choice = self.candidates[0]
        else:
            prefix = os.path.commonprefix([c.value for c in self.candidates])
            if len(prefix) > len(self.text) and prefix.startswith(self.text):
                self.text = prefix
                self.refresh()
            else:
                self.move(1)
            return
        self.text = choice.value
        self.error = None
        self.refresh()

    def submission(self) -> str | None:
        """What Enter submits: the selected candidate (a folder is opened into instead: None), else the text
        (None when empty)."""
        if self.selected >= 0:
            choice = self.candidates[self.selected]
            if choice.is_dir:
                self.text = choice.value
                self.refresh()
                return None
            return choice.value
        text = self.text.strip()
        return text or None
