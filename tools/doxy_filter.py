#!/usr/bin/env python3
"""Doxygen input filter: costack headers use plain C comments; this turns the
file's first comment into the @file description and every comment that
starts a line into a documentation comment for what follows."""
import sys

text = open(sys.argv[1]).read().splitlines()
out = []
first = True
for line in text:
    if line.startswith("/* ") or line == "/*":
        if first:
            line = "/** @file " + line[3:]
            first = False
        else:
            line = "/** " + line[3:]
    out.append(line)
print("\n".join(out))
