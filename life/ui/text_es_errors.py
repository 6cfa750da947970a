"""Spanish for the error messages the window shows: the readers, rules, soups, limits and engines raise them in
English (as the command line prints them); the window translates them here.

``spanish_error(text)`` matches a one-line message against ``TEMPLATES`` (English with ``{fields}``, in order):
what a field matched (a file name, a rule, a number) is kept as it is, except ``{reason}`` fields, which are
messages themselves and are translated in turn. A message may start with where it happened (``file.rle:3:5: ``,
``name: ``), kept as it is. Returns None when some part has no template, so the window shows the English text
rather than a half-translated one.
"""

from __future__ import annotations

import functools
import re

__all__ = ["spanish_error", "TEMPLATES"]

#: English message templates -> Spanish. ``{reason}``: a message translated in turn; other fields are kept.
TEMPLATES = {
    # sources and files
    "no such file": "no existe el archivo",
    "no such file or bundled pattern": "no existe ese archivo ni un patrón incluido con ese nombre",
    "no such file or bundled pattern; did you mean {names}?":
        "no existe ese archivo ni un patrón incluido con ese nombre; ¿quería decir {names}?",
    "no bundled pattern named {name}": "no hay ningún patrón incluido llamado {name}",
    "not a regular file": "no es un archivo normal",
    "binary data, not a pattern file": "datos binarios, no un archivo de patrón",
    "the file is empty: it holds no pattern": "el archivo está vacío: no contiene ningún patrón",
    "empty pattern source: give a file or pattern text": "origen vacío: indique un archivo o el texto de un patrón",
    "empty pattern source: give a file, a bundled pattern name or pattern text":
        "origen vacío: indique un archivo, el nombre de un patrón incluido o el texto de un patrón",
    "unrecognised pattern format: expected RLE, plaintext, Life 1.05/1.06 or macrocell":
        "formato de patrón desconocido: se esperaba RLE, texto plano, Life 1.05/1.06 o macrocelda",
    "unknown pattern file suffix: use {suffixes}": "extensión de archivo de patrón desconocida: use {suffixes}",
    "file is larger than {n} MiB": "el archivo ocupa más de {n} MiB",
    "decompressed pattern is larger than {n} MiB": "el patrón descomprimido ocupa más de {n} MiB",
    "bad gzip data: {detail}": "datos gzip erróneos: {detail}",
    "cannot read: {reason}": "no se puede leer: {reason}",
    "cannot write: {reason}": "no se puede escribir: {reason}",
    "cannot write {path}: {reason}": "no se puede escribir {path}: {reason}",
    "the bundled pattern library is missing (no patterns/index.json)":
        "falta la biblioteca de patrones incluida (no hay patterns/index.json)",
    # operating-system reasons (OSError.strerror)
    "No such file or directory": "no existe el archivo o el directorio",
    "no such file or directory": "no existe el archivo o el directorio",
    "Permission denied": "permiso denegado",
    "permission denied": "permiso denegado",
    "Is a directory": "es un directorio",
    "is a directory": "es un directorio",
    "Not a directory": "no es un directorio",
    "No space left on device": "no queda espacio en el dispositivo",
    "no space left on device": "no queda espacio en el dispositivo",
    "Read-only file system": "sistema de archivos de solo lectura",
    "read-only file system": "sistema de archivos de solo lectura",
    "File name too long": "nombre de archivo demasiado largo",
    # readers (RLE, plaintext, Life 1.05/1.06, macrocell)
    "unexpected character {ch} in RLE body": "carácter inesperado {ch} en el cuerpo RLE",
    "unexpected character {ch} in plaintext row (expected . or O)":
        "carácter inesperado {ch} en una fila de texto plano (se esperaba . u O)",
    "unexpected character {ch} in Life 1.05 row (expected . or *)":
        "carácter inesperado {ch} en una fila Life 1.05 (se esperaba . o *)",
    "unexpected character {ch} in leaf": "carácter inesperado {ch} en una hoja",
    "unsupported: multi-state pattern (cell state {state}); only two-state (b/o) patterns can be read":
        "no admitido: patrón de varios estados (estado de célula {state}); solo se leen patrones de dos "
        "estados (b/o)",
    "unsupported: multi-state macrocell (level-1 nodes); only two-state patterns can be read":
        "no admitido: macrocelda de varios estados (nodos de nivel 1); solo se leen patrones de dos estados",
    "unsupported rule: {reason}": "regla no admitida: {reason}",
    "run count {n} is not followed by b, o or $": "al número de repeticiones {n} no le sigue b, o ni $",
    "run count must be at least 1": "el número de repeticiones debe ser al menos 1",
    "two run counts in a row": "dos números de repeticiones seguidos",
    "RLE header lacks x = width": "a la cabecera RLE le falta x = anchura",
    "RLE header {key} must be a non-negative integer, got {value}":
        "{key} de la cabecera RLE debe ser un entero no negativo, no {value}",
    "bad RLE header field {field}: expected name = value":
        "campo de cabecera RLE erróneo {field}: se esperaba nombre = valor",
    "empty rule in RLE header": "regla vacía en la cabecera RLE",
    "empty #R rule line": "línea de regla #R vacía",
    "empty #r rule line": "línea de regla #r vacía",
    "bad #CXRLE Pos {value}: expected Pos=x,y": "#CXRLE Pos erróneo {value}: se esperaba Pos=x,y",
    "bad #CXRLE Gen {value}: expected a non-negative integer":
        "#CXRLE Gen erróneo {value}: se esperaba un entero no negativo",
    "#CXRLE Pos beyond ±(2^62 - 1)": "#CXRLE Pos más allá de ±(2^62 - 1)",
    "expected a cell as 'x y', got {text}": "se esperaba una célula como 'x y', no {text}",
    "expected '#Life {version}' as the first line, got {text}":
        "se esperaba '#Life {version}' en la primera línea, no {text}",
    "empty file: expected '#Life {version}'": "archivo vacío: se esperaba '#Life {version}'",
    "#P blocks belong to Life 1.05, not 1.06": "los bloques #P son de Life 1.05, no de 1.06",
    "bad block position {text}: expected '#P x y'": "posición de bloque errónea {text}: se esperaba '#P x y'",
    "bad generation {text}": "generación errónea {text}",
    "macrocell files must start with [M2]": "los archivos de macrocelda deben empezar por [M2]",
    "child {c} is not an earlier node (node {c2} is not defined yet)":
        "el hijo {c} no es un nodo anterior (el nodo {c2} aún no está definido)",
    "child node {c} has level {k}, expected {k2}": "el nodo hijo {c} tiene nivel {k}, se esperaba {k2}",
    "node level {k} is above {top}": "el nivel de nodo {k} supera {top}",
    "node level {k} is below the first level above a leaf (4)":
        "el nivel de nodo {k} está por debajo del primero sobre una hoja (4)",
    "leaf rows must each end with '$'": "cada fila de una hoja debe terminar en '$'",
    "leaf has {n} rows, at most 8": "la hoja tiene {n} filas, como mucho 8",
    "leaf row has {n} cells, at most 8": "la fila de la hoja tiene {n} células, como mucho 8",
    "bad node line {text}: expected a leaf {rest}": "línea de nodo errónea {text}: se esperaba una hoja {rest}",
    "pattern nesting too deep": "patrón anidado a demasiada profundidad",
    "pattern has more than {n} live cells (the cap)": "el patrón tiene más de {n} células vivas (el límite)",
    "pattern has more than {n} live cells (the cap); raise the cap to load {rest}":
        "el patrón tiene más de {n} células vivas (el límite); suba el límite para cargarlo",
    "pattern has {n} live cells, more than the cap of {cap}: too large to {rest}":
        "el patrón tiene {n} células vivas, más que el límite de {cap}: demasiado grande",
    "not enough memory to load the pattern; lower its size or the cap":
        "no hay memoria suficiente para cargar el patrón; reduzca su tamaño o el límite",
    "pattern extends beyond 2^63 - 2 cells": "el patrón se extiende más allá de 2^63 - 2 células",
    "pattern position puts cells beyond ±(2^62 - 1)": "la posición del patrón pone células más allá de ±(2^62 - 1)",
    "macrocell pattern has cells beyond ±(2^62 - 1)": "el patrón de macrocelda tiene células más allá de ±(2^62 - 1)",
    "block position beyond ±(2^62 - 1)": "posición de bloque más allá de ±(2^62 - 1)",
    "cell coordinates beyond ±(2^62 - 1) (x={x}, y={y})": "coordenadas más allá de ±(2^62 - 1) (x={x}, y={y})",
    "cell coordinate {v} is beyond the range ±(2^62 - 1)": "la coordenada {v} está fuera del rango ±(2^62 - 1)",
    "number {n} has {d} digits, too large": "el número {n} tiene {d} cifras, demasiado grande",
    # rules and grids
    "bad rule {rule}: {reason}": "regla errónea {rule}: {reason}",
    "empty rule string": "regla vacía",
    "{n} is not a neighbour count (0-{top}) in the {part} part":
        "{n} no es un número de vecinas (0-{top}) en la parte de {part}",
    "{n} is not a neighbour count (0-{top})": "{n} no es un número de vecinas (0-{top})",
    "{n} appears twice in the {part} part": "{n} aparece dos veces en la parte de {part}",
    "a letter repeats after {n} in the {part} part": "una letra se repite tras {n} en la parte de {part}",
    "{ch} is not a Hensel letter after {n} in the {part} part":
        "{ch} no es una letra de Hensel tras {n} en la parte de {part}",
    "Hensel letters need the Moore neighbourhood, not {rest}": "las letras de Hensel necesitan la vecindad de Moore",
    "expected B/S notation such as B3/S23 or B2-a/S12 (or S/B such as 23/3)":
        "se esperaba notación B/S como B3/S23 o B2-a/S12 (o S/B como 23/3)",
    "a bounded-grid suffix looks like {examples}": "un sufijo de rejilla acotada se escribe como {examples}",
    "a torus with an infinite dimension cannot have a shift": "un toro con una dimensión infinita no puede desplazarse",
    "a torus can shift its horizontal or its vertical edges, not both":
        "un toro puede desplazar sus bordes horizontales o los verticales, no ambos",
    "only a torus (:T) has a shifted edge (+n)": "solo un toro (:T) tiene un borde desplazado (+n)",
    "only a Klein bottle (:K) has a twisted edge marked with *":
        "solo una botella de Klein (:K) tiene un borde torcido marcado con *",
    "a Klein bottle twists one pair of edges; both twisted is :C":
        "una botella de Klein tuerce un par de bordes; los dos torcidos es :C",
    "Klein bottles with a shifted edge are not supported": "no se admiten botellas de Klein con un borde desplazado",
    "a sphere has one size, as in :S30": "una esfera tiene un solo tamaño, como en :S30",
    "Larger than Life rules are not supported (two-state Life-like and isotropic rules only)":
        "no se admiten reglas Larger than Life (solo reglas tipo Life de dos estados e isótropas)",
    "Generations rules (more than two states) are not supported (two-state Life-like and isotropic rules only)":
        "no se admiten reglas Generations (más de dos estados) (solo reglas tipo Life de dos estados e isótropas)",
    "a rule must be a string, not {type}": "una regla debe ser texto, no {type}",
    "type the rule without a topology suffix; the grid stays as it is":
        "escriba la regla sin sufijo de topología; la rejilla no cambia",
    "bad topology {text}: expected {rest}": "topología errónea {text}: se esperaba plane, torus:AxH, bounded:AxH o "
                                            "una rejilla de Golly",
    # soups
    "bad soup {text}: {reason}": "sopa errónea {text}: {reason}",
    "expected WxH[:density][@seed], e.g. 64x64:0.5@1": "se esperaba AxH[:densidad][@semilla], p. ej. 64x64:0.5@1",
    "soup {size} is too large (at most {n} cells)": "la sopa {size} es demasiado grande (como mucho {n} células)",
    "soup density {d} is not between 0 and 1": "la densidad de la sopa, {d}, no está entre 0 y 1",
    "soup seed {s} is negative": "la semilla de la sopa, {s}, es negativa",
    "soup size {size} must be positive": "el tamaño de la sopa, {size}, debe ser positivo",
    "density is not a number": "la densidad no es un número",
    "density {d} is not a number": "la densidad {d} no es un número",
    "seed {s} is not a non-negative integer": "la semilla {s} no es un entero no negativo",
    # memory and size limits
    "{what} needs {size} of memory, more than the budget of {budget}; set {var} (e.g. {example}) to raise it":
        "{what} necesita {size} de memoria, más que el presupuesto de {budget}; defina {var} (p. ej. {example}) "
        "para subirlo",
    "a {size} torus": "un toro de {size}",
    "a {size} bounded grid": "una rejilla acotada de {size}",
    "a {size} soup": "una sopa de {size}",
    "a {size} image": "una imagen de {size}",
    "a {size} region": "una región de {size}",
    "image {size} is too large (at most {n} pixels)": "la imagen {size} es demasiado grande (como mucho {n} píxeles)",
    "a {size}-cell view at this zoom reads too many cells per pixel row; zoom in or make the image narrower":
        "una vista de {size} células a este zoom lee demasiadas células por fila de píxeles; acerque el zoom o "
        "estreche la imagen",
    "{n} cells are too many to identify; zoom in": "{n} células son demasiadas para identificarlas; acerque el zoom",
    # engines
    "the dense engine needs a finite grid, not {topology}": "el motor dense necesita una rejilla finita, no {topology}",
    "the strip engine runs grids with one infinite dimension, not {topology}":
        "el motor strip funciona en rejillas con una dimensión infinita, no {topology}",
    "the tiled engine runs only on the unbounded plane": "el motor tiled solo funciona en el plano ilimitado",
    "the hashlife engine runs only on the unbounded plane": "el motor hashlife solo funciona en el plano ilimitado",
    "the {algo} engine does not support the {kind} topology": "el motor {algo} no admite la topología {kind}",
    "the {name} engine runs Life-like rules only, not {rule}; use the dense, tiled, hashlife or reference engine":
        "el motor {name} solo ejecuta reglas tipo Life, no {rule}; use el motor dense, tiled, hashlife o reference",
    "the pattern is {size} cells, larger than the {grid} torus it would wrap onto; use a larger torus or the plane":
        "el patrón mide {size} células, más que el toro de {grid} en el que se enrollaría; use un toro mayor o el "
        "plano",
    "cells lie outside the {size} bounded grid (x {xs}, y {ys})":
        "hay células fuera de la rejilla acotada de {size} (x {xs}, y {ys})",
    "cells lie outside the {size} {kind} grid (x {xs}, y {ys})":
        "hay células fuera de la rejilla {kind} de {size} (x {xs}, y {ys})",
    "rule {rule} has B0, which would fill the infinite {topology} grid":
        "la regla {rule} tiene B0, que llenaría la rejilla infinita {topology}",
    "rule {rule} has B0 (empty space gives birth), which flips the whole infinite plane {rest}":
        "la regla {rule} tiene B0 (el espacio vacío da a luz), que invierte todo el plano infinito",
    "rule {rule} is not outer-totalistic on the Moore neighbourhood; {rest}":
        "la regla {rule} no es totalística externa en la vecindad de Moore",
    "rule {rule} is on a bounded grid; HashLife runs only on the unbounded plane":
        "la regla {rule} es de una rejilla acotada; HashLife solo funciona en el plano ilimitado",
    "HashLife memory limit too small to hold the pattern": "el límite de memoria de HashLife no basta para el patrón",
    "HashLife memory limit ({n} nodes) too small to step this pattern":
        "el límite de memoria de HashLife ({n} nodos) no basta para avanzar este patrón",
    "more nodes than the HashLife memory limit ({n} nodes) allows; {rest}":
        "más nodos de los que permite el límite de memoria de HashLife ({n} nodos)",
    "the pattern needs more than {n} tiles of 64×64 cells; {rest}":
        "el patrón necesita más de {n} teselas de 64×64 células",
    "the pattern spans {size} cells, more than the plane engine's {rest}":
        "el patrón abarca {size} células, más de lo que admite el motor plane",
    "the pattern has {n} live cells, more than the {m} that cells() {rest}":
        "el patrón tiene {n} células vivas, más de las {m} que admite cells()",
    "cell coordinates beyond ±2^62 are not supported by the tiled engine":
        "el motor tiled no admite coordenadas más allá de ±2^62",
    "cannot step {n} generations at once on the {name} engine (at most 2^63 - 1); the hashlife engine takes "
    "larger jumps": "no se pueden avanzar {n} generaciones de una vez con el motor {name} (como mucho 2^63 - 1); el "
                    "motor hashlife da saltos mayores",
    "generation {n} of {rule} has a live infinite background, so its {what} is infinite; {rest}":
        "la generación {n} de {rule} tiene un fondo infinito vivo, así que es infinito",
    "cuda backend unavailable: {detail}": "el backend cuda no está disponible: {detail}",
    "backend 'cuda' runs finite torus and bounded grids only; {rest}":
        "el backend cuda solo funciona en toros y rejillas acotadas finitas",
    "unknown algorithm {name}: choose from {names}": "algoritmo desconocido {name}: elija entre {names}",
    "unknown backend {name}: choose from {names}": "backend desconocido {name}: elija entre {names}",
}

_FIELD = re.compile(r"\{(\w+)\}")
_POSITION = re.compile(r":\d+(:\d+)?\Z")  # file:line or file:line:column
#: words a message fills in from a fixed set: the parts of a rule, the kinds of grid
_WORDS = {"birth": "nacimiento", "survival": "supervivencia", "torus": "toro", "bounded": "acotada",
          "plane": "plano", "klein": "Klein", "cross": "superficie cruzada", "sphere": "esfera"}


def _regex(template: str) -> re.Pattern:
    parts, pos = [], 0
    for m in _FIELD.finditer(template):
        parts.append(re.escape(template[pos:m.start()]))
        # a field holds no ": " (where one message ends and its reason begins), except a reason or the rest
        parts.append(f"(?P<{m.group(1)}>.+)" if m.group(1) in ("reason", "rest")
                     else f"(?P<{m.group(1)}>(?:(?!: ).)+?)")
        pos = m.end()
    parts.append(re.escape(template[pos:]))
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


_COMPILED = [(_regex(en), es) for en, es in TEMPLATES.items()]


@functools.lru_cache(maxsize=256)
def spanish_error(text: str) -> str | None:
    """``text`` (one line, as ``life.errors.one_line`` writes it) in Spanish, its file names, positions, rules
    and numbers kept; None when some part of it has no template."""
    text = text.strip()
    for rx, es in _COMPILED:
        m = rx.match(text)
        if m is None:
            continue
        fields = m.groupdict()
        if "reason" in fields:
            reason = spanish_error(fields["reason"])
            if reason is None:
                continue
            fields["reason"] = reason
        if "what" in fields:
            fields["what"] = spanish_error(fields["what"]) or fields["what"]
        for name in ("part", "kind"):
            if name in fields:
                fields[name] = _WORDS.get(fields[name], fields[name])
        for name in ("names", "examples", "suffixes"):  # lists: "a, b or c"
            if name in fields:
                fields[name] = fields[name].replace(" or ", " o ")
        return es.format(**fields)
    # "where: what" (a file, file:line:column, a pattern's name): keep where, translate what
    for m in re.finditer(": ", text):
        where = text[:m.start()]
        if " " in where and not _POSITION.search(where):
            continue  # words, not a place: a message this table does not know
        rest = spanish_error(text[m.end():])
        if rest is not None:
            return f"{where}: {rest}"
    return None
