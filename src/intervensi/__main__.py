"""``python -m intervensi``."""

from intervensi.cli import main

main()
