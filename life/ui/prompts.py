"""The window's file actions: the prompts (open a pattern, save it, type a rule) and screenshots.

``FileActions`` is a part of ``App`` (``life.ui.app``): its methods use the App's controller (``sim``), prompt,
language and screen. The prompts' logic (candidates, completion) is ``life.ui.picker``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pygame

from ..atomic import replacing
from . import text as T
from .picker import Prompt

__all__ = ["FileActions"]


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text or "").strip("-").lower() or "pattern"


class FileActions:
    """Open (O), save (S), type a rule (Ctrl+L) and screenshots (P, Shift+P) of the window."""

    def _open_prompt(self, kind, ev=None) -> None:
        self.sim.stop()
        if kind == "open":
            self.prompt = Prompt("open", lang=self.lang)
        elif kind == "rule":
            self.prompt = Prompt("rule", text=self.universe.rule.with_topology(None).bs if self.universe else "")
        else:
            gen = self.universe.generation if self.universe else 0
            default = f"{_slug(self.name or 'pattern')}-gen{gen}.rle"
            self.prompt = Prompt("save", text=str(self.out_dir / default) if str(self.out_dir) != "." else default)
        if ev is not None:
            ch = pygame.key.name(ev.key)
            self._skip_text = {ch, ch.upper(), getattr(ev, "unicode", "") or ch}
        self.show_help = False

    def _prompt_key(self, ev) -> None:
        p = self.prompt
        k = ev.key
        self._skip_text = set()
        ctrl = bool(getattr(ev, "mod", 0) & (pygame.KMOD_CTRL | pygame.KMOD_META))
        if k == pygame.K_ESCAPE:
            self.prompt = None
            return
        if p.busy:
            return
        if k in (pygame.K_RETURN, pygame.K_KP_ENTER):
            value = p.submission()
            if value is None:
                return
            if p.kind == "open":
                self.open(value, from_prompt=True)
            elif p.kind == "rule":
                prompt = self._busy_prompt(True)
                self.sim.set_rule(value, on_done=lambda: self._close_prompt(prompt),
                                  on_error=lambda err: self._report_failure(prompt, err))
            else:
                self.save(value, from_prompt=True)
        elif k == pygame.K_TAB:
            p.complete()
        elif k == pygame.K_UP:
            p.move(-1)
        elif k == pygame.K_DOWN:
            p.move(1)
        elif k == pygame.K_BACKSPACE:
            p.backspace(word=ctrl)
        elif ctrl and k == pygame.K_u:
            p.text = ""
            p.refresh()

    def open(self, source: str, from_prompt: bool = False) -> None:
        """O / a dropped file: load a pattern file or bundled name on the worker; a bad one shows its error (in
        the prompt, when it came from there and is still open) and changes nothing."""
        prompt = self._busy_prompt(from_prompt)
        self.sim.open(source, on_done=lambda: self._close_prompt(prompt),
                      on_error=lambda err: self._report_failure(prompt, err))

    def save(self, path: str, from_prompt: bool = False) -> None:
        """S: write the current state as RLE (atomically, on the worker); ``.rle`` is added when missing."""
        prompt = self._busy_prompt(from_prompt)
        self.sim.save(path, on_done=lambda: self._close_prompt(prompt),
                      on_error=lambda err: self._report_failure(prompt, err))

    def _busy_prompt(self, from_prompt: bool):
        """The prompt a submission came from (None if it did not), marked busy while the worker loads or saves."""
        prompt = self.prompt if from_prompt else None
        if prompt is not None:
            prompt.busy = True
        return prompt

    def _close_prompt(self, prompt) -> None:
        """A submission succeeded: close its prompt unless another one replaced it meanwhile."""
        if self.prompt is prompt:
            self.prompt = None

    def _report_failure(self, prompt, err) -> None:
        """Show ``err`` in ``prompt`` when it is still open (so the user can correct the input), else as a notice."""
        if prompt is not None and self.prompt is prompt:
            prompt.busy = False
            prompt.error = T.error_text(self.lang, err)
        else:
            self.sim.report(err)

    def screenshot(self, path=None, clean: bool = False) -> None:
        """P: save the window as PNG after the next frame is drawn (atomically); ``clean`` (Shift+P): the
        pattern alone, without the HUD, panels or messages."""
        if path is None:
            gen = self.universe.generation if self.universe is not None else 0
            base = self.out_dir / f"life-{_slug(self.name or 'pattern')}-gen{gen}"
            path, i = Path(f"{base}.png"), 2
            while path.exists():
                path, i = Path(f"{base}-{i}.png"), i + 1
        self._shot_path = Path(path)
        self._shot_clean = clean

    def _save_screenshot(self, path: Path) -> None:
        try:
            if self._shot_clean:
                image = pygame.Surface(self.size)
                image.fill(self.painter.theme.dead)
                if self._frame is not None:
                    image.blit(self._frame[1], (0, 0))
                    if self.universe is not None and self.universe.topology.is_finite:
                        self._draw_edge(image, self.universe.topology)
            else:
                image = self.screen
            # pygame picks the image format by the name's extension: the temporary file ends in .png too
            with replacing(path, suffix=".png") as tmp:
                pygame.image.save(image, tmp)
            self.notify(T.tr(self.lang, "screenshot", path=str(path)))
        except (OSError, pygame.error) as e:
            self.sim.report(e)
