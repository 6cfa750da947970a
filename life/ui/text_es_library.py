"""Spanish descriptions of the bundled patterns, keyed by the English text of ``patterns/index.json``.

``life.ui.text.library_text`` looks a description up here; a description missing here (a pattern added to the
library later) shows in English.
"""

DESCRIPTIONS = {
    "The most common still life: four cells in a square.":
        "La vida estática más común: cuatro celdas en un cuadrado.",
    "The second most common still life, a six-cell hexagon.":
        "La segunda vida estática más común, un hexágono de seis celdas.",
    "A seven-cell still life, common in the debris of random soups.":
        "Una vida estática de siete celdas, frecuente en los restos de las sopas aleatorias.",
    "The only five-cell still life.": "La única vida estática de cinco celdas.",
    "A six-cell still life: a boat with a longer keel.":
        "Una vida estática de seis celdas: un bote con la quilla más larga.",
    "Four cells around an empty centre.": "Cuatro celdas alrededor de un centro vacío.",
    "An eight-cell ring, the largest still life that is common in soups.":
        "Un anillo de ocho celdas, la mayor vida estática frecuente en las sopas.",
    "The fishhook: a still life that swallows gliders and other objects and repairs itself.":
        "El anzuelo: una vida estática que se traga planeadores y otros objetos y se repara sola.",
    "The smallest and most common oscillator: three cells in a row turning back and forth.":
        "El oscilador más pequeño y más común: tres celdas en fila que giran de un lado a otro.",
    "Two offset rows of three cells that breathe in and out.":
        "Dos filas desplazadas de tres celdas que se expanden y se contraen.",
    "Two diagonal blocks whose touching corners blink.":
        "Dos bloques en diagonal cuyas esquinas en contacto parpadean.",
    "A six-cell period-2 oscillator whose two phases are mirror images of each other.":
        "Un oscilador de periodo 2 y seis celdas cuyas dos fases son imágenes especulares.",
    "The most common period-3 oscillator: four-fold symmetric, 48 cells in this phase.":
        "El oscilador de periodo 3 más común: simetría cuádruple, 48 celdas en esta fase.",
    "A period-15 oscillator that grows from a row of ten cells.":
        "Un oscilador de periodo 15 que nace de una fila de diez celdas.",
    "A period-8 pinwheel of four arms around an empty centre.":
        "Un molinete de periodo 8 con cuatro brazos alrededor de un centro vacío.",
    "Two three-by-three squares touching at a corner; period 8.":
        "Dos cuadrados de tres por tres que se tocan en una esquina; periodo 8.",
    "A queen bee bouncing between two blocks; period 30. Two of them meeting make the Gosper gun.":
        "Una abeja reina que rebota entre dos bloques; periodo 30. Dos de ellas juntas forman el cañón de Gosper.",
    "A period-14 oscillator that is upside down halfway through its cycle.":
        "Un oscilador de periodo 14 que a mitad de su ciclo está boca abajo.",
    "An octagonal ring of sixteen cells; period 5.": "Un anillo octogonal de dieciséis celdas; periodo 5.",
    "The smallest spaceship: five cells moving one cell diagonally every four generations.":
        "La nave espacial más pequeña: cinco celdas que avanzan una celda en diagonal cada cuatro generaciones.",
    "The smallest orthogonal spaceship (LWSS), moving two cells every four generations.":
        "La nave ortogonal más pequeña (LWSS), que avanza dos celdas cada cuatro generaciones.",
    "The middleweight spaceship (MWSS), one cell longer than the LWSS.":
        "La nave de peso medio (MWSS), una celda más larga que la LWSS.",
    "The heavyweight spaceship (HWSS), the longest of the three c/2 ships.":
        "La nave de peso pesado (HWSS), la más larga de las tres naves c/2.",
    "A small c/10 orthogonal spaceship: one cell every ten generations.":
        "Una pequeña nave ortogonal c/10: una celda cada diez generaciones.",
    "A small c/7 orthogonal spaceship that looks like a loaf pushed by its tail.":
        "Una pequeña nave ortogonal c/7 que parece una hogaza empujada por la cola.",
    "A 2c/7 orthogonal spaceship: two cells every seven generations.":
        "Una nave ortogonal 2c/7: dos celdas cada siete generaciones.",
    "A c/2 spaceship of Day & Night (B3678/S34678), the rule where live and dead cells are interchangeable; it "
    "is the rocket fired by David Bell's 2009 rocket gun.":
        "Una nave c/2 de Day & Night (B3678/S34678), la regla en la que las celdas vivas y muertas son "
        "intercambiables; es el cohete que dispara el cañón de cohetes de David Bell (2009).",
    "Four cells that fly at the speed of light in Seeds (B2/S), where every live cell dies each generation.":
        "Cuatro celdas que vuelan a la velocidad de la luz en Seeds (B2/S), donde toda celda viva muere en cada "
        "generación.",
    "The first known gun and the first pattern shown to grow forever: one glider every 30 generations.":
        "El primer cañón conocido y el primer patrón que se demostró que crece sin fin: un planeador cada 30 "
        "generaciones.",
    "A period-120 glider gun with the same 36-cell population as the Gosper gun.":
        "Un cañón de planeadores de periodo 120 con la misma población de 36 celdas que el cañón de Gosper.",
    "The first puffer: a B-heptomino escorted by two LWSS, leaving a trail of smoke and debris behind.":
        "El primer tren: un B-heptominó escoltado por dos LWSS que deja tras de sí un rastro de humo y restos.",
    "A period-20 forward rake: a puffer flanked by spaceships whose exhaust is a stream of gliders.":
        "Un rastrillo de periodo 20: un tren flanqueado por naves cuyo escape es una corriente de planeadores.",
    "Five cells that take 1103 generations to settle into 116 cells, throwing off six gliders.":
        "Cinco celdas que tardan 1103 generaciones en asentarse en 116 celdas y lanzan seis planeadores.",
    "Seven cells that grow for 5206 generations into 633 cells, gliders included.":
        "Siete celdas que crecen durante 5206 generaciones hasta 633 celdas, planeadores incluidos.",
    "Seven cells that vanish completely after 130 generations.":
        "Siete celdas que desaparecen por completo tras 130 generaciones.",
    "Thirteen cells that run for some 29,000 generations before settling into 1623 cells.":
        "Trece celdas que evolucionan unas 29.000 generaciones antes de asentarse en 1623 celdas.",
    "Nine cells that run for 17,331 generations before settling into 1744 cells.":
        "Nueve celdas que evolucionan 17.331 generaciones antes de asentarse en 1744 celdas.",
    "An eight-cell engine that travels diagonally for a while before its own debris smothers it.":
        "Un motor de ocho celdas que viaja en diagonal un tiempo hasta que sus propios restos lo ahogan.",
    "Ten cells that grow forever: a switch engine escapes to the upper left, laying a trail of blocks.":
        "Diez celdas que crecen sin fin: un switch engine escapa hacia arriba a la izquierda dejando un rastro "
        "de bloques.",
    "The only pattern in a 5 by 5 box that grows forever, by becoming a block-laying switch engine.":
        "El único patrón en una caja de 5 por 5 que crece sin fin, convertido en un switch engine que deja "
        "bloques.",
    "In HighLife (B36/S23) this pattern makes copies of itself, which go on to fill a growing triangle.":
        "En HighLife (B36/S23) este patrón hace copias de sí mismo, que van llenando un triángulo creciente.",
    "The first pattern with quadratic growth: puffers moving right leave behind glider guns, whose streams fill "
    "a growing triangle.":
        "El primer patrón de crecimiento cuadrático: trenes que avanzan a la derecha dejan cañones de "
        "planeadores, cuyas corrientes llenan un triángulo creciente.",
}
