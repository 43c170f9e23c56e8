"""RE2 patterns (TensorFlow's regular expressions) as Python `re` patterns.

The syntax the two share passes through. What RE2 has and `re` lacks, or reads differently,
is rewritten: POSIX classes (`[[:punct:]]`), Unicode general categories (`\\pL`, `\\p{Lu}`,
`\\PN`), quoted literals (`\\Q...\\E`), `\\z`, the ASCII-only `\\d \\w \\s` (Python's match all of
Unicode), and `$`, which in RE2 (without the `m` flag) matches only at the very end of the text,
not before a final newline as in Python.
Unicode scripts (`\\p{Greek}`) are not supported and raise ValueError.

>>> translate(r"[[:punct:]]+$")
'[!-/:-@\\\\[-`{-~]+\\\\Z'
>>> import re
>>> re.sub(translate(r"\\p{Lu}"), "_", "Hello World")
'_ello _orld'
"""
import functools
import re
import sys
import unicodedata

__all__ = ["translate"]

_POSIX = {
    "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "ascii": "\\x00-\\x7f", "blank": "\\t ", "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9", "graph": "!-~", "lower": "a-z", "print": " -~", "punct": "!-/:-@\\[-`{-~",
    "space": "\\t\\n\\v\\f\\r ", "upper": "A-Z", "word": "0-9A-Za-z_", "xdigit": "0-9A-Fa-f",
}

_PERL = {"d": "0-9", "w": "0-9A-Za-z_", "s": "\\t\\n\\f\\r "}


@functools.lru_cache(maxsize=None)
def _category_ranges(name):
    """The code points of Unicode general category `name` ('L', 'Lu', ...) as `re` class ranges."""
    if not name or name[0] not in "CLMNPSZ" or len(name) > 2:
        raise ValueError(f"Unsupported RE2 Unicode class \\p{{{name}}}: only general categories (L, Lu, N, Nd, "
                         "P, S, Z, ...) are supported, not scripts.")
    ranges, start, previous = [], None, None
    for code in range(sys.maxunicode + 1):
        if unicodedata.category(chr(code)).startswith(name):
            if start is None:
                start = code
            previous = code
        elif start is not None:
            ranges.append((start, previous))
            start = None
    if start is not None:
        ranges.append((start, previous))
    return "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


def _unicode_class(pattern, i):
    """(category name, index after it) for the `\\p`/`\\P` escape whose letter is at `pattern[i]`."""
    if pattern[i + 1:i + 2] == "{":
        end = pattern.index("}", i)
        return pattern[i + 2:end], end + 1
    return pattern[i + 1:i + 2], i + 2


def translate(pattern):
    """The Python `re` pattern that matches what RE2 `pattern` matches (see the module docstring)."""
    multiline = re.match(r"\(\?[a-zA-Z]*m", pattern) is not None
    out, i, in_class, class_start = [], 0, False, False
    while i < len(pattern):
        c, first_in_class, class_start = pattern[i], class_start, False
        if c == "\\" and i + 1 < len(pattern):
            e = pattern[i + 1]
            if e in "pP":
                name, i = _unicode_class(pattern, i + 1)
                ranges = _category_ranges(name)
                if in_class:
                    if e == "P":
                        raise ValueError(f"Unsupported RE2 class \\P{{{name}}} inside [...]: write [^...] instead.")
                    out.append(ranges)
                else:
                    out.append(f"[{'^' if e == 'P' else ''}{ranges}]")
                continue
            if e == "Q":
                end = pattern.find("\\E", i + 2)
                end = len(pattern) if end < 0 else end
                out.append(re.escape(pattern[i + 2:end]))
                i = end + 2
                continue
            if e.lower() in _PERL:  # RE2's \d \w \s are ASCII classes; Python's would match all of Unicode
                ranges = _PERL[e.lower()]
                if in_class:  # a negated class cannot nest: [\D] keeps Python's meaning
                    out.append(ranges if e.islower() else pattern[i:i + 2])
                else:
                    out.append(f"[{'^' if e.isupper() else ''}{ranges}]")
                i += 2
                continue
            out.append("\\Z" if e == "z" else pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            posix = re.match(r"\[:(\^?)(\w+):\]", pattern[i:])
            if posix:
                if posix.group(1) or posix.group(2) not in _POSIX:
                    raise ValueError(f"Unsupported POSIX class {posix.group(0)} in RE2 pattern {pattern!r}.")
                out.append(_POSIX[posix.group(2)])
                i += posix.end()
                continue
            if c == "]" and not first_in_class:
                in_class = False
        elif c == "[":
            in_class = True
            out.append(c)
            i += 1
            if pattern[i:i + 1] == "^":
                out.append("^")
                i += 1
            class_start = True  # a ']' right after '[' or '[^' is a literal
            continue
        elif c == "$" and not multiline:
            out.append("\\Z")
            i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)
