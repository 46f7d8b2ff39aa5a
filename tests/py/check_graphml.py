"""Reads a GraphML file written by newsgraph with networkx and prints what a consumer sees, as JSON:
{"directed": bool, "nodes": n, "edges": n, "node_attributes": {...}, "edge_attributes": {...}, "sample": ...}
where the attribute maps give each attribute's Python type name ("str", "float", "int") and "nodes_by_id"
maps every node's "id" attribute to its attributes, "edges_list" lists [source id, target id, attributes].

usage: /usr/bin/python3 tests/py/check_graphml.py GRAPH.graphml
exit status: 0 ok, 1 unreadable GraphML, 2 usage, 3 networkx missing (Debian package python3-networkx)
"""
import json
import sys

if len(sys.argv) != 2:
    print(__doc__, file=sys.stderr)
    sys.exit(2)
try:
    import networkx
except ImportError as error:
    print(f"networkx is missing ({error}): apt-get install python3-networkx", file=sys.stderr)
    sys.exit(3)

try:
    g = networkx.read_graphml(sys.argv[1])
except Exception as error:  # networkx raises several types for bad XML or bad keys
    print(f"networkx cannot read {sys.argv[1]}: {type(error).__name__}: {error}", file=sys.stderr)
    sys.exit(1)


def types(items):
    seen = {}
    for attributes in items:
        for name, value in attributes.items():
            seen.setdefault(name, set()).add(type(value).__name__)
    return {name: sorted(kinds) for name, kinds in sorted(seen.items())}


edges = list(g.edges(data=True))
print(json.dumps({
    "directed": g.is_directed(),
    "multigraph": g.is_multigraph(),
    "nodes": g.number_of_nodes(),
    "edges": g.number_of_edges(),
    "node_attributes": types(a for _, a in g.nodes(data=True)),
    "edge_attributes": types(a for _, _, a in edges),
    "nodes_by_id": {a["id"]: a for _, a in g.nodes(data=True)},
    "edges_list": sorted(([g.nodes[s]["id"], g.nodes[t]["id"], a] for s, t, a in edges),
                         key=lambda e: (e[0], e[1], e[2].get("relation", ""), e[2].get("polarity", ""))),
}, ensure_ascii=False, sort_keys=True))
