"""The guided tour's words in English and Spanish: chapter titles, captions, counter and chart labels.

Each language is written on its own terms (the Spanish for the listeners of "Escala y Emergencia"), not translated
word for word, so the two captions of a page may say things in a different order. Fields in braces are filled by
``life.ui.demo`` from live runs or the shipped sweep (``{gliders}``, ``{settled}``...).
"""

from __future__ import annotations

__all__ = ["LANGUAGES", "TEXT", "tr", "power"]

LANGUAGES = ("en", "es")

TEXT = {
    "en": {
        "chapter_1": "Three rules",
        "chapter_2": "Something walks",
        "chapter_3": "Chaos from five cells",
        "chapter_4": "A machine",
        "chapter_5": "Abilities appear with scale",
        "chapter_6": "Mirage or real?",
        "chapter_7": "Your turn",
        "rules": "A live cell with two or three live neighbours survives. An empty cell with exactly three is "
                 "born. Every other cell dies or stays empty. That is the whole game.",
        "glider": "Five cells, and the shape walks: every four generations the glider is back, one cell further "
                  "along the diagonal. No rule mentions movement. Emergence at its smallest.",
        "chaos": "The R-pentomino: five cells that boil for {settled} generations and throw out {gliders} gliders "
                 "before they calm down. Nothing in the rules says how long the chaos lasts.",
        "ash": "What chaos leaves behind, sorted by the census classifier: {still} still lifes, {osc} oscillators "
               "and {gliders} gliders flying away. Order nobody designed.",
        "gun": "A machine made of cells: the Gosper gun builds a new glider every 30 generations, forever. "
               "A pattern can be a device.",
        "hashlife": "Scale in time. HashLife remembers every block it has already computed and leaps ahead: the "
                    "same gun, doubling its age each step, to generations no cell-by-cell run could reach.",
        "soup_small": "A random soup of {side}×{side} cells. Most small soups burn out fast: in the sweep {glider} "
                      "of them emitted a glider, {osc3} left an oscillator of period 3 or more.",
        "soup_medium": "Sixteen times the area, {side}×{side}. Gliders are now the rule ({glider} of the sweep's "
                       "soups); the rarer abilities stay rare: {osc3} with a period-3+ oscillator.",
        "soup_large": "{side}×{side}. In the sweep {glider} of the soups this size emitted gliders and {long} "
                      "lasted more than 1000 generations. Rare objects start to show up.",
        "soup_huge": "A million cells. At this size {osc3} of the sweep's soups held an oscillator of period 3 or "
                     "more. Nothing changed in the rules; only the scale grew.",
        "emerge": "Each ability against soup area: flat near zero, then a steep climb. Abilities seem to switch on "
                  "with scale, like the emergent abilities of large language models.",
        "mirage": "The same runs as the expected number per soup: no jump, just steady lines on log–log axes. A "
                  "rare event per cell becomes near-certain in a big enough soup (Schaeffer et al., 2023).",
        "your_turn": "An empty board is yours. Draw cells with the mouse, Enter runs and pauses, R throws a random "
                     "soup, H lists every key. Esc leaves the tour.",
        # counters and labels
        "generation": "generation",
        "population": "population",
        "still": "still life",
        "oscillator": "oscillator",
        "spaceship": "glider",
        "phase": "phase {n}",
        "lonely": "alone: dies",
        "blinker": "2 neighbours: lives",
        "birth": "3 neighbours: born",
        "crowded": "crowded: dies",
        "gliders_made": "gliders built",
        "objects": "{still} still · {osc} oscillating · {gliders} gliders",
        "sweep_of": "sweep, {n} soups of {side}²:",
        "this_soup": "this soup, settled at gen {gen}:",
        "this_soup_unsettled": "this soup, still active at gen {gen}:",
        "n_glider": "gliders out",
        "n_ship": "other spaceships",
        "n_osc3": "oscillators p ≥ 3",
        "ab_glider": "emits a glider",
        "ab_ship": "other spaceship",
        "ab_osc3": "oscillator p ≥ 3",
        "ab_long": "lasts > 1000 gens",
        "axis_area": "soup area (cells)",
        "axis_fraction": "fraction of soups",
        "axis_expected": "expected per soup",
        "fit": "slope 1: proportional to area",
        "source": "From a shipped `life emerge` sweep ({total} soups). Reproduce: {command}",
        "source_mirage": "Expected count = −ln(1 − fraction): each cell adds its own small chance.",
        "nav": "→ next · ← back · A auto",
        "page": "{chapter}/{chapters}",
    },
    "es": {
        "chapter_1": "Tres reglas",
        "chapter_2": "Algo camina",
        "chapter_3": "Caos con cinco células",
        "chapter_4": "Una máquina",
        "chapter_5": "Las capacidades llegan con la escala",
        "chapter_6": "¿Espejismo o realidad?",
        "chapter_7": "Te toca",
        "rules": "Una célula con dos o tres vecinas vivas sigue viva; en una casilla vacía con exactamente tres, "
                 "nace una. Las demás mueren o siguen vacías. No hay nada más.",
        "glider": "Con cinco células, la forma echa a andar: cada cuatro generaciones el planeador reaparece una "
                  "casilla más allá, en diagonal. Ninguna regla habla de moverse: emergencia en miniatura.",
        "chaos": "El R-pentominó: cinco células que hierven durante {settled} generaciones y lanzan {gliders} "
                 "planeadores antes de calmarse. Las reglas no dicen cuánto durará el caos.",
        "ash": "Lo que queda tras el caos, clasificado por el censo: {still} naturalezas muertas, {osc} osciladores "
               "y {gliders} planeadores que se alejan. Un orden que nadie diseñó.",
        "gun": "Una máquina hecha de células: el cañón de Gosper fabrica un planeador cada 30 generaciones, sin "
               "parar nunca. Un patrón puede ser un aparato.",
        "hashlife": "La escala en el tiempo. HashLife recuerda cada bloque que ya calculó y salta hacia delante: "
                    "el mismo cañón, con su edad duplicada a cada paso, hasta generaciones inalcanzables.",
        "soup_small": "Una sopa al azar de {side}×{side} células. Casi todas las sopas pequeñas se apagan pronto: "
                      "en el barrido, {glider} soltaron un planeador y {osc3}, un oscilador de periodo 3 o más.",
        "soup_medium": "Dieciséis veces más área: {side}×{side}. Ahora lo normal es ver planeadores ({glider} de las "
                       "sopas); lo raro sigue siendo raro: {osc3} con un oscilador de periodo 3 o más.",
        "soup_large": "{side}×{side}. En el barrido, {glider} de las sopas de este tamaño lanzaron planeadores y "
                      "{long} duraron más de 1000 generaciones. Empiezan a asomar objetos raros.",
        "soup_huge": "Un millón de células. A este tamaño, {osc3} de las sopas del barrido tenían un oscilador de "
                     "periodo 3 o más. Las reglas no han cambiado: solo ha crecido la escala.",
        "emerge": "Cada capacidad frente al área de la sopa: plana cerca de cero y, de pronto, una subida brusca. "
                  "Parecen encenderse con la escala, como las capacidades emergentes de los grandes modelos de "
                  "lenguaje.",
        "mirage": "Los mismos datos, como número esperado por sopa: ya no hay salto, solo rectas que suben en ejes "
                  "logarítmicos. Lo raro en cada casilla es casi seguro en una sopa grande (Schaeffer y otros, 2023).",
        "your_turn": "El tablero vacío es tuyo. Dibuja células con el ratón; Intro arranca y pausa, R lanza una "
                     "sopa al azar y H enseña todas las teclas. Esc para salir del recorrido.",
        "generation": "generación",
        "population": "población",
        "still": "naturaleza muerta",
        "oscillator": "oscilador",
        "spaceship": "planeador",
        "phase": "fase {n}",
        "lonely": "sola: muere",
        "blinker": "2 vecinas: vive",
        "birth": "3 vecinas: nace",
        "crowded": "apiñada: muere",
        "gliders_made": "planeadores fabricados",
        "objects": "{still} quietos · {osc} oscilan · {gliders} planeadores",
        "sweep_of": "barrido, {n} sopas de {side}²:",
        "this_soup": "esta sopa, asentada en la gen. {gen}:",
        "this_soup_unsettled": "esta sopa, aún activa en la gen. {gen}:",
        "n_glider": "planeadores lanzados",
        "n_ship": "otras naves",
        "n_osc3": "osciladores p ≥ 3",
        "ab_glider": "suelta un planeador",
        "ab_ship": "otra nave",
        "ab_osc3": "oscilador p ≥ 3",
        "ab_long": "dura > 1000 gen.",
        "axis_area": "área de la sopa (células)",
        "axis_fraction": "fracción de sopas",
        "axis_expected": "esperado por sopa",
        "fit": "pendiente 1: proporcional al área",
        "source": "De un barrido de `life emerge` incluido ({total} sopas). Para repetirlo: {command}",
        "source_mirage": "Número esperado = −ln(1 − fracción): cada casilla suma su pequeña probabilidad.",
        "nav": "→ sigue · ← atrás · A auto",
        "page": "{chapter}/{chapters}",
    },
}


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power(base: int, exponent: int) -> str:
    """``base`` to the ``exponent`` as printed: ``2⁴⁰``, ``10⁻³``."""
    return f"{base}{str(exponent).translate(_SUPERSCRIPT)}"


def tr(lang: str, key: str, **fields) -> str:
    """The tour's text ``key`` in ``lang`` (``en`` or ``es``) with ``fields`` filled in. Raises KeyError for an
    unknown key and ValueError for an unknown language."""
    if lang not in TEXT:
        raise ValueError(f"unknown language {lang!r}: choose from {', '.join(LANGUAGES)}")
    text = TEXT[lang][key]
    return text.format(**fields) if fields else text
