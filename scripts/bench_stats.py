"""make bench-stats (portail.bench.stats; aussi `python -m portail.bench.stats`)."""

import sys

from portail.bench.stats import main

if __name__ == "__main__":
    sys.exit(main())
