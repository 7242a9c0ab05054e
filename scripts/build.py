"""make html : construit le site (portail.commands.build; aussi `python -m portail.commands.build`)."""

import sys

from portail.commands.build import main

if __name__ == "__main__":
    sys.exit(main())
