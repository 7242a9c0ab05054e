"""make new : un article à compléter (portail.commands.new_article; aussi `python -m portail.commands.new_article`)."""

import sys

from portail.commands.new_article import main

if __name__ == "__main__":
    sys.exit(main())
