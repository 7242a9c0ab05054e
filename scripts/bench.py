"""make bench : construction face à Pelican de base (portail.bench.site; aussi `python -m portail.bench.site`)."""

import sys

from portail.bench.site import main

if __name__ == "__main__":
    sys.exit(main())
