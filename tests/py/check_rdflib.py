"""Parses newsgraph's JSON-LD (and optionally its N-Quads) with rdflib and prints the triple counts as
JSON: {"jsonld": n, "nquads": n}. rdflib's JSON-LD parser is a third, independent reading of the
@context (next to jsonld.js and Oxigraph).

usage: /usr/bin/python3 tests/py/check_rdflib.py GRAPH.jsonld [GRAPH.nq]
exit status: 0 ok, 1 unreadable input, 2 usage, 3 rdflib missing (Debian package python3-rdflib)
"""
import json
import sys

if len(sys.argv) not in (2, 3):
    print(__doc__, file=sys.stderr)
    sys.exit(2)
try:
    import rdflib
except ImportError as error:
    print(f"rdflib is missing ({error}): apt-get install python3-rdflib", file=sys.stderr)
    sys.exit(3)

counts = {}
try:
    graph = rdflib.Graph()
    graph.parse(sys.argv[1], format="json-ld")
    counts["jsonld"] = len(graph)
    if len(sys.argv) == 3:
        dataset = rdflib.Dataset()
        dataset.parse(sys.argv[2], format="nquads")
        counts["nquads"] = len(dataset)
except Exception as error:  # rdflib raises parser-specific types
    print(f"rdflib cannot read the input: {type(error).__name__}: {error}", file=sys.stderr)
    sys.exit(1)
print(json.dumps(counts))
