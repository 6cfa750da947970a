"""``python -m life``: the same command line as the ``life`` entry point."""

from .cli import main

if __name__ == "__main__":
    main(prog_name="life")
