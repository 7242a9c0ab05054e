"""make html : construit le site (portail.commands.build; aussi `python -m portail.commands.build`)."""

from portail.commands.build import leave, main

if __name__ == "__main__":
    leave(main())
