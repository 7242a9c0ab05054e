"""corpus généré des mesures (portail.bench.corpus; aussi `python -m portail.bench.corpus`)."""

import sys

from portail.bench.corpus import main

if __name__ == "__main__":
    sys.exit(main())
