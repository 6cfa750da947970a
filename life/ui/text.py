"""Words the window shows, in English and Spanish: HUD labels, messages, what each key does, key names.

``default_language()`` picks Spanish when the locale says so (``LC_ALL``, ``LC_MESSAGES``, ``LANG`` or
``locale.getlocale()`` starting with ``es``), else English. ``tr(lang, key, **fields)`` formats one message;
``key_name(lang, name)`` writes a key's name for the help (the key table itself is ``life.ui.keys``).
Only characters the font pygame ships can draw are used (Latin-1 plus the ellipsis and middle dot).
"""

from __future__ import annotations

import locale
import os

from ..errors import one_line  # noqa: F401  (T.one_line: errors in the HUD read as on the command line)

__all__ = ["LANGUAGES", "default_language", "tr", "key_name", "one_line", "fmt_int", "fmt_zoom"]

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
        "key_run": "start or stop",
        "key_step": "one generation",
        "key_jump": "one step of the current step size",
        "key_speed": "faster / slower (generations per frame, then delay)",
        "key_speed_reset": "reset speed",
        "key_zoom_level": "zoom 1, 2, 4 ... 128 pixels per cell",
        "key_fit": "fit the pattern in the window",
        "key_zoom": "zoom out / in around the cursor",
        "key_pan": "pan",
        "key_draw": "draw cells",
        "key_erase": "erase cells",
        "key_soup": "random soup",
        "key_clear": "clear",
        "key_reset": "back to generation 0",
        "key_undo": "undo / redo",
        "key_grid": "grid lines",
        "key_help": "this help",
        "key_open": "open a file or bundled pattern",
        "key_save": "save as RLE",
        "key_screenshot": "screenshot (PNG)",
        "key_rule": "next / previous rule: Life, HighLife, Day & Night, Seeds",
        "key_tour": "guided tour of emergence (as in life demo)",
        "key_escape": "close a panel, cancel a jump, else quit",
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
        "key_run": "iniciar o parar",
        "key_step": "una generación",
        "key_jump": "un paso del tamaño actual",
        "key_speed": "más rápido / más lento (generaciones por fotograma, luego retardo)",
        "key_speed_reset": "velocidad inicial",
        "key_zoom_level": "zoom 1, 2, 4 ... 128 píxeles por celda",
        "key_fit": "encajar el patrón en la ventana",
        "key_zoom": "alejar / acercar en torno al cursor",
        "key_pan": "desplazar la vista",
        "key_draw": "dibujar celdas",
        "key_erase": "borrar celdas",
        "key_soup": "sopa aleatoria",
        "key_clear": "vaciar",
        "key_reset": "volver a la generación 0",
        "key_undo": "deshacer / rehacer",
        "key_grid": "cuadrícula",
        "key_help": "esta ayuda",
        "key_open": "abrir un archivo o un patrón incluido",
        "key_save": "guardar como RLE",
        "key_screenshot": "captura de pantalla (PNG)",
        "key_rule": "regla siguiente / anterior: Life, HighLife, Day & Night, Seeds",
        "key_tour": "recorrido guiado por la emergencia (como life demo)",
        "key_escape": "cerrar un panel, cancelar un salto o salir",
    },
}

# How the help writes keys and mouse gestures in Spanish (``key_name``); other names are the same in both.
_KEY_NAMES_ES = {
    "Enter": "Intro",
    "Space": "Espacio",
    "Home": "Inicio",
    "Arrows": "Flechas",
    "Wheel": "Rueda",
    "right drag": "arrastre derecho",
    "Left click / drag": "Clic / arrastre izquierdo",
    "Shift + drag": "Mayús + arrastre",
}


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


def key_name(lang: str, name: str) -> str:
    """How the help writes the key or mouse gesture ``name`` (given in English, e.g. ``"Shift+Z"``) in ``lang``."""
    if lang != "es":
        return name
    if name.startswith("Shift+"):
        return "Mayús+" + key_name(lang, name[len("Shift+"):])
    return _KEY_NAMES_ES.get(name, name)


def fmt_int(n: int, lang: str) -> str:
    """``n`` with thousands separators: ``1,234,567`` in English, ``1.234.567`` in Spanish."""
    s = f"{int(n):,}"
    return s.replace(",", ".") if lang == "es" else s


def fmt_zoom(zoom: float) -> str:
    """A zoom as Golly writes scales: ``4:1`` (4 pixels per cell), ``1:1``, ``1:16`` (16×16 cells a pixel)."""
    if zoom >= 1:
        return f"{zoom:g}:1"
    return f"1:{round(1 / zoom)}"
