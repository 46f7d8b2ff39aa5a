#pragma once
// write_dot: the knowledge graph as a Graphviz DOT document, built with cgraph (never by string
// concatenation) so that quoting, escaping and HTML-like labels are always valid DOT.
//
//   exporters::DotOptions options;
//   options.min_evidence = 2;         // drop relationships with fewer evidence sentences
//   options.cluster_by_type = true;   // one box per entity type
//   std::string dot = exporters::write_dot(graph, options);
//   std::string svg = exporters::render_diagram(dot, exporters::DiagramFormat::Svg, "sfdp");
//
// Visual encoding (docs/diagrams.md): one node per entity (id = Entity::id, label = Arabic name and the
// English name on a second line, shape and colours by type, font size by degree); one edge per
// graph::Relationship labelled "<relation> ×<evidence count>", coloured by relation, pen width by
// evidence count, dashed when only negative or reported, without arrowhead for symmetric relations;
// a legend node listing the entity types and relations present. Every text uses "Noto Sans Arabic".
// Output is deterministic: the same graph and options give byte-identical DOT.
//
// Graphviz keeps process-wide state, so every cgraph/gvc call in this library is serialised by one
// lock (detail::lock_graphviz); write_dot and render_diagram may be called from any thread.

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

#include "graph/knowledge_graph.h"

namespace newsgraph::exporters {

struct DotOptions {
  // Relationships with fewer evidence sentences than this are left out (0 and 1 keep everything).
  std::size_t min_evidence = 0;
  // Leave out entities that have no drawn edge (after the min_evidence filter). Big graphs read better.
  bool hide_isolated = false;
  // Draw each entity type as a cluster ("cluster_Person", ...).
  bool cluster_by_type = false;
  // Graphviz rankdir: "TB", "LR", "BT" or "RL"; anything else throws graph::InputError("rankdir").
  std::string rankdir = "LR";
  // Add the legend node ("@legend", an HTML-like table); absent when the drawn graph is empty.
  bool legend = true;
};

// The DOT text of `graph` (UTF-8, Arabic passed as is: Graphviz with pango shapes it right-to-left).
std::string write_dot(const graph::KnowledgeGraph& graph, const DotOptions& options = {});

// The fixed colour ("#rrggbb") of each ontology relation; a neutral grey for an unknown name.
std::string_view relation_colour(std::string_view relation);

// The DOT node name of the legend. Entity ids are lowercase slugs, so it never clashes with one.
inline constexpr std::string_view kLegendNodeName = "@legend";

namespace detail {
// Held during every cgraph/gvc call of the export library: Graphviz's error handler, string pools and
// plugin state are global.
std::unique_lock<std::mutex> lock_graphviz();
}  // namespace detail

}  // namespace newsgraph::exporters
