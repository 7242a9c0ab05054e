"""Statistiques des sanctions (portail.commands.stats ; aussi `python -m portail.commands.stats`)."""

from portail.commands.stats import run

if __name__ == "__main__":
    run()
