"""make check : vérifie le contenu sans construire le site (portail.commands.check; aussi `python -m portail.commands.check`)."""

import sys

from portail.commands.check import main

if __name__ == "__main__":
    sys.exit(main())
