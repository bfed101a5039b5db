"""The words of an error as the failure hook's gate weighs them (`hook_gate`): which are
generic, which only name the exception, and which are a quoted line's own.

Standard library only, Python 3.9+: copied into the tooling plugin with the ranking.
"""

from __future__ import annotations

import re

from . import tokenize
from .tokenize import STOPWORDS

_GENERIC_TEXT = """
    error errors exception exceptions traceback recent call last file files line lines exit
    code status failed failure fail fails fatal warning warn not found no such directory
    command cannot can't unable invalid unexpected argument arguments value type key index
    attribute name module import from object none true false self main bin usr lib local
    python python3 site packages dist run runs running return returned raise raised process
    keyerror valueerror typeerror indexerror attributeerror nameerror importerror oserror
    runtimeerror assertionerror filenotfounderror modulenotfounderror permissionerror
    notimplementederror zerodivisionerror recursionerror systemexit keyboardinterrupt
    timeouterror connectionerror jsondecodeerror unicodedecodeerror syntaxerror
    indentationerror memoryerror stopiteration lookuperror ioerror environmenterror
    connectionrefusederror connectionreseterror connectionabortederror brokenpipeerror
    isadirectoryerror notadirectoryerror fileexistserror interruptederror childprocesserror
    blockingioerror processlookuperror unicodeencodeerror unicodeerror overflowerror
    floatingpointerror arithmeticerror buffererror eoferror taberror unboundlocalerror
    referenceerror generatorexit stopasynciteration errno
    permission denied refused connection timeout timed expected got missing unknown
    undefined defined support supported exist exists does should must could would
    int str float dict list tuple bool bytes len has have object attribute
    pid exitcode returncode local_rank rank signal
    assertion range
"""
GENERIC = frozenset(_GENERIC_TEXT.split())
"""Words any failing command may print: matching them says nothing about which fix applies.
Python's built-in exception names and messages (`assertion`, the tokenizer's half of
`AssertionError`; `range` of `list index out of range`), shell/OS error words and the words of
a launcher's exit report (`exitcode : 1 (pid: 830)`, whatever the code), not anything from a
registry."""
EXCEPTION_NAME = re.compile(r"^[\w.]+:\s*")
"""What may be an exception's name before its message (or a message's first word)."""
_NAMED_ERROR = re.compile(r"(?:Error|Exception|Invalid|Warning|Fault|Failure)\W*$", re.I)
"""An exception's name (`ArrowInvalid:`, `SafetensorError:`), not a message's first word
(`error:`, `NCCL:`)."""
_VALUES = re.compile(
    r"(?<![A-Za-z])'[^'\n]*'(?![A-Za-z])|\"[^\"\n]*\"|(?<![\w.])(?:[\w.~-]*/[\w.~/-]*)"
)
"""A quoted value or a path in an entry's error: another run prints its own."""
WORD = re.compile(r"[A-Za-z]{2,}")


def named_split(line: str) -> tuple[str, str]:
    """A line's exception name (`pyarrow.lib.ArrowInvalid: `) and message; ("", line) when
    it starts with no exception's name."""
    named = EXCEPTION_NAME.match(line)
    if named and _NAMED_ERROR.search(named.group(0)):
        return named.group(0), line[named.end() :]
    return "", line


def name_only(quoted: tuple[str, ...]) -> frozenset[str]:
    """The final error's tokens that only its exception's name gives (`pyarrow.lib.
    ArrowInvalid:` of `... Column 0 named answer expected length 2`): the name says which
    library raised, not which of its errors; it may corroborate an entry, as a frame does."""
    if not quoted:
        return frozenset()
    name, message = named_split(quoted[0])
    if not name:
        return frozenset()
    said = " ".join([message, *quoted[1:]])
    return frozenset(tokenize.tokens(name)) - frozenset(tokenize.tokens(said))


def own_words(text: str) -> frozenset[str]:
    """Tokens of `text` that may tell one error from another: not generic, not stop words."""
    return frozenset(
        t
        for t in tokenize.tokens(text)
        if len(t) >= 3 and t not in GENERIC and t not in STOPWORDS and WORD.search(t)
    )


def message_words(quoted: tuple[str, ...]) -> frozenset[str]:
    """The own words of an error's message (its lines, the exception's name left out)."""
    if not quoted:
        return frozenset()
    return own_words(" ".join([named_split(quoted[0])[1], *quoted[1:]]))


def content_words(text: str) -> frozenset[str]:
    """A quoted line's own words: its message's, without the exception's name, quoted values
    and paths, unless they are most of it (`"POST /update_flattened_params/ HTTP/1.1" 404 Not
    Found`)."""
    name, message = named_split(text)
    if name:  # the name only corroborates (`name_only`)
        said = own_words(_VALUES.sub(" ", message))
        if len(said) >= 2:
            return said
    masked = own_words(_VALUES.sub(" ", text))
    return masked if len(masked) >= 2 else own_words(text)
