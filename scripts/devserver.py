"""make devserver : aperçu en direct (portail.commands.devserver; aussi `python -m portail.commands.devserver`)."""

import sys

from portail.commands.devserver import main

if __name__ == "__main__":
    sys.exit(main())
