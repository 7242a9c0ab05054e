"""make import : un brouillon par décision nouvelle d'un CSV (portail.commands.import_sanctions; aussi `python -m portail.commands.import_sanctions`)."""

import sys

from portail.commands.import_sanctions import main

if __name__ == "__main__":
    sys.exit(main())
