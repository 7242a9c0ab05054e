"""make audit : Lighthouse (portail.commands.audit; aussi `python -m portail.commands.audit`)."""

import sys

from portail.commands.audit import main

if __name__ == "__main__":
    sys.exit(main())
