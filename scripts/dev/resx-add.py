#!/usr/bin/env python3
"""Add (or replace) localisation keys in a neutral/English resx pair.

usage: resx-add.py src/CommunityFund.Web/Resources/<Name> KEY 'Chinese' 'English' [KEY zh en ...]
<Name> is the resource base name without .resx, e.g. Features.Contests.ContestResource.
"""
import sys
from xml.sax.saxutils import escape


def put(path, key, value):
    s = open(path, encoding="utf-8").read()
    entry = f'  <data name="{escape(key)}" xml:space="preserve">\n    <value>{escape(value)}</value>\n  </data>\n'
    marker = f'<data name="{escape(key)}" '
    if marker in s:
        start = s.index(marker)
        start = s.rfind("\n", 0, start) + 1
        end = s.index("</data>", start) + len("</data>\n")
        s = s[:start] + entry + s[end:]
    else:
        i = s.rindex("</root>")
        s = s[:i] + entry + s[i:]
    open(path, "w", encoding="utf-8").write(s)


base, rest = sys.argv[1], sys.argv[2:]
if len(rest) % 3:
    sys.exit("keys come in triples: KEY zh en")
for k in range(0, len(rest), 3):
    key, zh, en = rest[k:k + 3]
    put(base + ".resx", key, zh)
    put(base + ".en.resx", key, en)
