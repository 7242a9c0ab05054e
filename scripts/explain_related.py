"""explique « À lire aussi » entre deux articles (portail.commands.explain_related; aussi `python -m portail.commands.explain_related`)."""

import sys

from portail.commands.explain_related import main

if __name__ == "__main__":
    sys.exit(main())
