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

__all__ = ["LANGUAGES", "default_language", "tr", "key_name", "one_line", "error_text", "theme_name", "fmt_int",
           "fmt_zoom", "fmt_topology", "category", "library_text", "speed_text"]

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
        "help_hint": "H: help",
        "help_title": "Keys",
        "help_close": "Press H, ? or Esc to close",
        "compiling": "Compiling rule {rule}…",
        "loading": "Loading {what}…",
        "working": "Working…",
        "jumping": "Generation {gen} of {target} ({pct}%) · Esc cancels",
        "jump_cancelled": "Jump cancelled at generation {gen}",
        "jumping_to": "Jumping to generation {target}",
        "engine": "Engine {name}",
        "engine_auto_jump": "Engine {name} (auto: steps of 2^{k} and more jump)",
        "auto_jump_on": "Steps this big run on HashLife (auto)",
        "auto_jump_off": "Back to the {name} engine (auto)",
        "follow_on": "Following the pattern",
        "follow_off": "No longer following",
        "key_follow": "follow a moving pattern",
        "torus": "torus",
        "bounded": "bounded",
        "plane": "plane",
        "speed_gens": "Speed: {n} generations per frame",
        "speed_gen1": "Speed: 1 generation per frame",
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
        "key_screenshot_clean": "screenshot of the pattern alone (no HUD)",
        "key_info": "pattern info: name, author, rule, description, comments",
        "key_graph": "population graph",
        "key_identify": "identify: period, speed, apgcode, heat",
        "key_theme": "colour theme",
        "key_trails": "colour cells by age (trails)",
        "key_rule_type": "type any rule",
        "key_select": "select cells (Ctrl+A: the whole pattern)",
        "key_copy": "copy / cut / paste at the cursor",
        "key_rotate": "rotate the selection clockwise / anticlockwise",
        "key_flip": "flip the selection left-right / top-bottom",
        "key_fill": "random fill / clear the selection",
        "no_selection": "Select cells first (Ctrl + drag)",
        "copied": "Copied {n} cells",
        "nothing_to_paste": "Nothing to paste: copy a selection first (Ctrl+C)",
        "rule_prompt": "Rule: B/S (B3/S23), S/B (23/3), Hensel letters...",
        "rule_keys": "Enter applies · Esc closes",
        "info_title": "Pattern",
        "info_name": "Name",
        "info_author": "Author",
        "info_rule": "Rule",
        "info_description": "Description",
        "info_none": "(no comments)",
        "graph_title": "Population",
        "graph_max": "max",
        "identify_title": "Identify",
        "identifying": "Identifying…",
        "id_kind": "Type",
        "id_still": "still life",
        "id_oscillator": "oscillator",
        "id_spaceship": "spaceship",
        "id_active": "not periodic within {n} generations",
        "id_empty": "nothing on screen",
        "id_period": "Period",
        "id_speed": "Speed",
        "id_moves": "moves ({dx}, {dy}) per period",
        "id_heat": "Heat",
        "id_population": "Population",
        "theme_msg": "Theme: {name}",
        "theme_dark": "dark",
        "theme_light": "light",
        "trails_on": "Colour by age: born, young, old, trail",
        "trails_off": "Colour by age off",
        "unsaved": "Unsaved drawing: Esc again quits, S saves",
        "matches": "{n} matches",
        "match1": "1 match",
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
        "help_hint": "H: ayuda",
        "help_title": "Teclas",
        "help_close": "Pulsa H, ? o Esc para cerrar",
        "compiling": "Compilando la regla {rule}…",
        "loading": "Cargando {what}…",
        "working": "Trabajando…",
        "jumping": "Generación {gen} de {target} ({pct} %) · Esc cancela",
        "jump_cancelled": "Salto cancelado en la generación {gen}",
        "jumping_to": "Saltando a la generación {target}",
        "engine": "Motor {name}",
        "engine_auto_jump": "Motor {name} (auto: los pasos de 2^{k} o más saltan)",
        "auto_jump_on": "Pasos tan grandes van con HashLife (auto)",
        "auto_jump_off": "De vuelta al motor {name} (auto)",
        "follow_on": "Siguiendo el patrón",
        "follow_off": "Ya no se sigue el patrón",
        "key_follow": "seguir un patrón que se mueve",
        "torus": "toro",
        "bounded": "acotado",
        "plane": "plano",
        "speed_gens": "Velocidad: {n} generaciones por fotograma",
        "speed_gen1": "Velocidad: 1 generación por fotograma",
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
        "opened": "Patrón abierto: {name}",
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
        "key_screenshot_clean": "captura solo del patrón (sin el panel)",
        "key_info": "información del patrón: nombre, autor, regla, descripción, comentarios",
        "key_graph": "gráfica de población",
        "key_identify": "identificar: periodo, velocidad, apgcode, calor",
        "key_theme": "tema de colores",
        "key_trails": "colorear las células por edad (estelas)",
        "key_rule_type": "escribir cualquier regla",
        "key_select": "seleccionar celdas (Ctrl+A: todo el patrón)",
        "key_copy": "copiar / cortar / pegar en el cursor",
        "key_rotate": "girar la selección en sentido horario / antihorario",
        "key_flip": "voltear la selección izquierda-derecha / arriba-abajo",
        "key_fill": "relleno aleatorio / vaciar la selección",
        "no_selection": "Primero selecciona celdas (Ctrl + arrastre)",
        "copied": "Copiadas {n} celdas",
        "nothing_to_paste": "Nada que pegar: copia antes una selección (Ctrl+C)",
        "rule_prompt": "Regla: B/S (B3/S23), S/B (23/3), letras de Hensel...",
        "rule_keys": "Intro aplica · Esc cierra",
        "info_title": "Patrón",
        "info_name": "Nombre",
        "info_author": "Autor",
        "info_rule": "Regla",
        "info_description": "Descripción",
        "info_none": "(sin comentarios)",
        "graph_title": "Población",
        "graph_max": "máx.",
        "identify_title": "Identificar",
        "identifying": "Identificando…",
        "id_kind": "Tipo",
        "id_still": "vida estática",
        "id_oscillator": "oscilador",
        "id_spaceship": "nave espacial",
        "id_active": "sin periodo en {n} generaciones",
        "id_empty": "no hay nada en pantalla",
        "id_period": "Periodo",
        "id_speed": "Velocidad",
        "id_moves": "avanza ({dx}, {dy}) por periodo",
        "id_heat": "Calor",
        "id_population": "Población",
        "theme_msg": "Tema: {name}",
        "theme_dark": "oscuro",
        "theme_light": "claro",
        "trails_on": "Colores por edad: nacida, joven, vieja, estela",
        "trails_off": "Colores por edad desactivados",
        "unsaved": "Dibujo sin guardar: Esc otra vez sale, S guarda",
        "matches": "{n} coincidencias",
        "match1": "1 coincidencia",
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
    "Ctrl+L": "Ctrl+L",
    "Ctrl + drag": "Ctrl + arrastre",
    "Delete": "Supr",
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


def theme_name(lang: str, name: str) -> str:
    """A colour theme's name in ``lang`` (a theme without a translation keeps its own)."""
    return _STRINGS.get(lang, _STRINGS["en"]).get(f"theme_{name}", name)


def error_text(lang: str, err) -> str:
    """``err`` (an exception or text) as one line in ``lang``: the readers, rules and engines write English;
    Spanish comes from ``life.ui.text_es_errors`` (the English text where it has no template)."""
    text = one_line(err)
    if lang == "es":
        from .text_es_errors import spanish_error

        return spanish_error(text) or text
    return text


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


def fmt_topology(topology, lang: str) -> str:
    """A topology in words: ``plane``, ``torus 64×64``, ``bounded 100×80`` (``plano``, ``toro``, ``acotado``)."""
    name = tr(lang, topology.kind)
    return name if topology.kind == "plane" else f"{name} {topology.width}×{topology.height}"


_CATEGORIES_ES = {
    "still-life": "vida estática", "oscillator": "oscilador", "spaceship": "nave espacial",
    "methuselah": "matusalén", "gun": "cañón", "growth": "crecimiento", "puffer": "tren", "rake": "rastrillo",
    "replicator": "replicador", "breeder": "criadero",
}


def category(lang: str, name: str) -> str:
    """A library category (``still-life``, ``gun``...) in ``lang``."""
    return _CATEGORIES_ES.get(name, name) if lang == "es" else name


def library_text(lang: str, text: str) -> str:
    """A bundled pattern's description in ``lang`` (Spanish from ``life.ui.text_es_library``; English as is)."""
    if lang != "es":
        return text
    from .text_es_library import DESCRIPTIONS

    return DESCRIPTIONS.get(text, text)


def speed_text(lang: str, speed: str) -> str:
    """A spaceship's speed (``c/4 (diagonal)``, from ``Identity.speed``) in ``lang``."""
    return speed.replace("(orthogonal)", "(ortogonal)") if lang == "es" else speed
