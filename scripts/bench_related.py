"""make bench-related (portail.bench.related; aussi `python -m portail.bench.related`)."""

import sys

from portail.bench.related import main

if __name__ == "__main__":
    sys.exit(main())
