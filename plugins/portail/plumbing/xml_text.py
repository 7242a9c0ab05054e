"""Text an XML 1.0 file can carry, for every writer of one (feeds, SVG charts).

The reader refuses control characters and non-characters in content, but a writer must not
depend on it: one character XML forbids and a feed reader drops the whole feed.
"""

from __future__ import annotations

import re

# XML 1.0, production Char: TAB, LF, CR, then U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by U+FFFD, the sign of a lost one."""
    return _NOT_XML.sub("\ufffd", text)
