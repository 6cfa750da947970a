"""Words the window shows, in English and Spanish: HUD labels, messages and the key table.

``default_language()`` picks Spanish when the locale says so (``LC_ALL``, ``LC_MESSAGES``, ``LANG`` or
``locale.getlocale()`` starting with ``es``), else English. ``tr(lang, key, **fields)`` formats one message.
Only characters the font pygame ships can draw are used (Latin-1 plus the ellipsis and middle dot).
"""

from __future__ import annotations

import locale
import os

__all__ = ["LANGUAGES", "default_language", "tr", "key_table", "fmt_int", "fmt_zoom"]

LANGUAGES = ("en", "es")

_STRINGS = {
    "en": {
        "title": "life: {name}",
        "generation": "Generation",
        "population": "Population",
        "rule": "Rule",
        "topology": "Topology",
        "zoom": "Zoom",
        "gens_per_s": "gen/s",
        "fps": "fps",
        "step": "Step",
        "delay": "Delay {ms} ms",
        "running": "Running",
        "paused": "Paused",
        "help_hint": "H or ? for help",
        "help_title": "Keys",
        "help_close": "Press H, ? or Esc to close",
        "compiling": "Compiling rule {rule}…",
        "loading": "Loading {what}…",
        "working": "Working…",
        "jumping": "Generation {gen} of {target} ({pct}%) · Esc cancels",
        "jump_cancelled": "Jump cancelled at generation {gen}",
        "speed_gens": "Speed: {n} generation(s) per frame",
        "speed_delay": "Speed: 1 generation every {ms} ms",
        "speed_reset": "Speed reset: 1 generation per frame",
        "zoom_msg": "Zoom {zoom}",
        "grid_on": "Grid lines on",
        "grid_off": "Grid lines off",
        "cleared": "Cleared",
        "soup": "Random soup {spec}",
        "rule_changed": "Rule {rule}",
        "reset": "Back to generation {gen}",
        "undo": "Undo: {what}",
        "redo": "Redo: {what}",
        "nothing_undo": "Nothing to undo",
        "nothing_redo": "Nothing to redo",
        "edit": "drawing",
        "erase": "erasing",
        "run": "generations {a}-{b}",
        "saved": "Saved {path}",
        "screenshot": "Screenshot saved to {path}",
        "opened": "Opened {name}",
        "open_prompt": "Open a pattern: type a file path or a bundled name",
        "open_keys": "Enter opens · Tab completes · Up/Down choose · Esc closes",
        "save_prompt": "Save as RLE: file name",
        "save_keys": "Enter saves · Esc closes",
        "no_matches": "(no bundled pattern or file matches)",
        "no_library": "(the bundled pattern library is not available)",
        "outside_grid": "That cell is outside the grid",
        "busy": "Busy, try again in a moment",
        "error": "Error: {msg}",
        "empty": "empty",
    },
    "es": {
        "title": "life: {name}",
        "generation": "Generación",
        "population": "Población",
        "rule": "Regla",
        "topology": "Topología",
        "zoom": "Zoom",
        "gens_per_s": "gen/s",
        "fps": "fps",
        "step": "Paso",
        "delay": "Retardo {ms} ms",
        "running": "En marcha",
        "paused": "En pausa",
        "help_hint": "H o ? para la ayuda",
        "help_title": "Teclas",
        "help_close": "Pulsa H, ? o Esc para cerrar",
        "compiling": "Compilando la regla {rule}…",
        "loading": "Cargando {what}…",
        "working": "Trabajando…",
        "jumping": "Generación {gen} de {target} ({pct} %) · Esc cancela",
        "jump_cancelled": "Salto cancelado en la generación {gen}",
        "speed_gens": "Velocidad: {n} generación(es) por fotograma",
        "speed_delay": "Velocidad: 1 generación cada {ms} ms",
        "speed_reset": "Velocidad inicial: 1 generación por fotograma",
        "zoom_msg": "Zoom {zoom}",
        "grid_on": "Cuadrícula visible",
        "grid_off": "Cuadrícula oculta",
        "cleared": "Tablero vaciado",
        "soup": "Sopa aleatoria {spec}",
        "rule_changed": "Regla {rule}",
        "reset": "Vuelta a la generación {gen}",
        "undo": "Deshacer: {what}",
        "redo": "Rehacer: {what}",
        "nothing_undo": "Nada que deshacer",
        "nothing_redo": "Nada que rehacer",
        "edit": "dibujo",
        "erase": "borrado",
        "run": "generaciones {a}-{b}",
        "saved": "Guardado en {path}",
        "screenshot": "Captura guardada en {path}",
        "opened": "Abierto {name}",
        "open_prompt": "Abrir un patrón: escribe una ruta o el nombre de un patrón incluido",
        "open_keys": "Intro abre · Tab completa · Arriba/Abajo eligen · Esc cierra",
        "save_prompt": "Guardar como RLE: nombre del archivo",
        "save_keys": "Intro guarda · Esc cierra",
        "no_matches": "(ningún patrón incluido ni archivo coincide)",
        "no_library": "(la biblioteca de patrones incluidos no está disponible)",
        "outside_grid": "Esa celda está fuera del tablero",
        "busy": "Ocupado, inténtalo de nuevo en un momento",
        "error": "Error: {msg}",
        "empty": "vacío",
    },
}

# (keys in English, keys in Spanish, what they do in English, in Spanish)
_KEYS = (
    ("Enter / Space", "Intro / Espacio", "start or stop", "iniciar o parar"),
    ("N", "N", "one generation", "una generación"),
    ("Tab", "Tab", "one step of the current step size", "un paso del tamaño actual"),
    ("+ / -", "+ / -", "faster / slower (generations per frame, then delay)",
     "más rápido / más lento (generaciones por fotograma, luego retardo)"),
    ("0", "0", "reset speed", "velocidad inicial"),
    ("F", "F", "fit the pattern in the window", "encajar el patrón en la ventana"),
    ("Wheel / [ ]", "Rueda / [ ]", "zoom out / in around the cursor", "alejar / acercar en torno al cursor"),
    ("1-8", "1-8", "zoom 1, 2, 4 ... 128 pixels per cell", "zoom 1, 2, 4 ... 128 píxeles por celda"),
    ("Arrows / right drag", "Flechas / arrastre derecho", "pan", "desplazar la vista"),
    ("Left click / drag", "Clic / arrastre izquierdo", "draw cells", "dibujar celdas"),
    ("Shift + drag", "Mayús + arrastre", "erase cells", "borrar celdas"),
    ("R", "R", "random soup", "sopa aleatoria"),
    ("C", "C", "clear", "vaciar"),
    ("Home", "Inicio", "back to generation 0", "volver a la generación 0"),
    ("Z / Shift+Z", "Z / Mayús+Z", "undo / redo", "deshacer / rehacer"),
    ("G", "G", "grid lines", "cuadrícula"),
    ("H / ?", "H / ?", "this help", "esta ayuda"),
    ("O", "O", "open a file or bundled pattern", "abrir un archivo o un patrón incluido"),
    ("S", "S", "save as RLE", "guardar como RLE"),
    ("P", "P", "screenshot (PNG)", "captura de pantalla (PNG)"),
    ("L / Shift+L", "L / Mayús+L", "next / previous rule: Life, HighLife, Day & Night, Seeds",
     "regla siguiente / anterior: Life, HighLife, Day & Night, Seeds"),
    ("Esc", "Esc", "close a panel, cancel a jump, else quit", "cerrar un panel, cancelar un salto o salir"),
)


def default_language(environ=None) -> str:
    """``"es"`` when the user's locale is Spanish, else ``"en"``."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            return "es" if value.lower().startswith("es") else "en"
    if environ is None:
        try:
            loc = locale.getlocale()[0] or ""
        except ValueError:
            loc = ""
        if loc.lower().startswith(("es", "spanish")):
            return "es"
    return "en"


def tr(lang: str, key: str, **fields) -> str:
    """The message ``key`` in ``lang`` (falling back to English) with ``fields`` filled in."""
    table = _STRINGS.get(lang, _STRINGS["en"])
    return table.get(key, _STRINGS["en"][key]).format(**fields)


def key_table(lang: str) -> list:
    """[(keys, action)] rows of the help overlay in ``lang``."""
    es = lang == "es"
    return [(k_es if es else k_en, d_es if es else d_en) for k_en, k_es, d_en, d_es in _KEYS]


def fmt_int(n: int, lang: str) -> str:
    """``n`` with thousands separators: ``1,234,567`` in English, ``1.234.567`` in Spanish."""
    s = f"{int(n):,}"
    return s.replace(",", ".") if lang == "es" else s


def fmt_zoom(zoom: float) -> str:
    """A zoom as Golly writes scales: ``4:1`` (4 pixels per cell), ``1:1``, ``1:16`` (16×16 cells a pixel)."""
    if zoom >= 1:
        return f"{zoom:g}:1"
    return f"1:{round(1 / zoom)}"
