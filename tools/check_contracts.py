#!/usr/bin/env python3
"""Checks that every public function declared in include/ carries a one-line
contract in the comment right above it: what it does, whether it blocks
("blocks"), and whether an interrupt handler may call it ("ISR").

Usage: check_contracts.py include/   -> exit 1 and a list when one lacks it."""
import pathlib
import re
import sys

DECL = re.compile(r"^(?:static inline |extern )?[A-Za-z_][\w \*]*?\b(co_\w+)\s*\(")


def comment_above(lines, i):
    """The comment block (and grouped declarations) right above line i."""
    text = []
    j = i - 1
    while j >= 0 and lines[j].strip() and not lines[j].strip().endswith("*/"):
        # declarations grouped under one comment (co_ns, co_us, ...)
        if not DECL.match(lines[j]) and not lines[j].startswith(" "):
            break
        j -= 1
    while j >= 0 and lines[j].strip():
        text.append(lines[j])
        if lines[j].lstrip().startswith("/*"):
            break
        j -= 1
    return "\n".join(reversed(text))


def main(root):
    missing = []
    count = 0
    for path in sorted(pathlib.Path(root).rglob("*.h")):
        lines = path.read_text().splitlines()
        in_macro = False
        for i, line in enumerate(lines):
            if in_macro:
                in_macro = line.endswith("\\")
                continue
            if line.startswith("#"):
                in_macro = line.endswith("\\")
                continue
            m = DECL.match(line)
            if not m or m.group(1).startswith("co__") or line.startswith("typedef"):
                continue
            count += 1
            c = comment_above(lines, i)
            low = c.lower()
            if "block" not in low or ("isr" not in low and "interrupt" not in low):
                missing.append("%s:%d: %s: contract must say whether it blocks and whether an ISR may call it"
                               % (path, i + 1, m.group(1)))
    for m in missing:
        print(m)
    print("contracts: %d declarations, %d without a full contract" % (count, len(missing)))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "include"))
