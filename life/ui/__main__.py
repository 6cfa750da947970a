"""``python -m life.ui [PATTERN] [options]``: the ``life view`` command on its own."""

from .commands import main

main()
