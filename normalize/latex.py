"""LaTeX math as the seeds' OCR wrote it (`$\\geq 90\\%$`, `$\\leq 2$ 万元`) → printed symbols."""

from __future__ import annotations

import re

_MATH = re.compile(r"\$([^$]+)\$(\s*)")
_COMMANDS = [
    (re.compile(r"\\(?:geqslant|geq|ge)(?![a-zA-Z])"), "≥"),
    (re.compile(r"\\(?:leqslant|leq|le)(?![a-zA-Z])"), "≤"),
    (re.compile(r"\\gt(?![a-zA-Z])"), ">"),
    (re.compile(r"\\lt(?![a-zA-Z])"), "<"),
    (re.compile(r"\\times(?![a-zA-Z])"), "×"),
    (re.compile(r"\\div(?![a-zA-Z])"), "÷"),
    (re.compile(r"\\pm(?![a-zA-Z])"), "±"),
    (re.compile(r"\\(?:text|mathrm|textrm|mbox)\s*\{([^{}]*)\}"), r"\1"),
    (re.compile(r"\\(?:left|right)(?![a-zA-Z])"), ""),
    (re.compile(r"\^\{?2\}?"), "²"),
    (re.compile(r"\\%"), "%"),
    (re.compile(r"\\[,;: !]"), ""),
]


def latex_commands_to_symbols(text: str) -> str:
    """Replace the math commands found in the forms by the symbols they print."""
    for pattern, replacement in _COMMANDS:
        text = pattern.sub(replacement, text)
    return text


def _printed_math(match: re.Match[str]) -> str:
    # math mode ignores spaces, and the OCR puts one between "$...$" and the unit after it
    return re.sub(r"\s+", "", latex_commands_to_symbols(match.group(1)))


def resolve_math(text: str) -> str:
    """Every `$...$` span of `text` replaced by what it prints; the rest left alone."""
    return _MATH.sub(_printed_math, text) if "$" in text else text
