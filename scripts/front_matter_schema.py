"""make schema : le schéma JSON de l'en-tête (portail.commands.schema; aussi `python -m portail.commands.schema`)."""

import sys

from portail.commands.schema import main

if __name__ == "__main__":
    sys.exit(main())
