"""Command-line options for the editors' scripts, with French help and French error messages.

argparse words its errors in English; editors run these scripts, so each message it can
give for our options is reworded here. A bad option exits with code 2, as with argparse.
"""

from __future__ import annotations

import argparse
import re

# argparse's messages (Python 3.11) and their French wording.
_FRENCH = [
    (re.compile(r"unrecognized arguments: (.*)"), r"option inconnue : \1"),
    (re.compile(r"the following arguments are required: (.*)"), r"à indiquer : \1"),
    (re.compile(r"argument (.+?): expected one argument"), r"\1 attend une valeur"),
    (re.compile(r"argument (.+?): ignored explicit argument (.*)"), r"\1 ne prend pas de valeur"),
    (re.compile(r"argument (.+?): not allowed with argument (.*)"), r"\1 et \2 s'excluent"),
    (re.compile(r"ambiguous option: (\S+) could match (.*)"), r"option ambiguë \1 : \2 ?"),
    (
        re.compile(r"argument (.+?): invalid choice: (.*?) \(choose from (.*)\)"),
        r"\1 : valeur inconnue \2 (valeurs possibles : \3)",
    ),
    (re.compile(r"argument (.+?): invalid int value: (.*)"), r"\1 : nombre entier attendu, trouvé \2"),
]


def french(message: str) -> str:
    for english, wording in _FRENCH:
        if english.fullmatch(message):
            return english.sub(wording, message)
    return message


class _FrenchHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix or "usage : ")


class FrenchArgumentParser(argparse.ArgumentParser):
    def __init__(self, **kwargs):
        super().__init__(add_help=False, allow_abbrev=False, formatter_class=_FrenchHelp, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", help="affiche cette aide")

    def error(self, message: str):
        self.exit(2, f"{self.prog} : {french(message)}\nAide : {self.prog} --help\n")
