#pragma once
// The output options shared by `build`, `convert` and `merge`: --jsonld, --nquads, --graphml, --dot, --svg,
// --png (each a path,
// "-" for stdout), and the summary printed when none is given.
#include <CLI/CLI.hpp>

#include <ostream>
#include <string>

#include "graph/knowledge_graph.h"

namespace newsgraph::cli {

struct GraphOutputs {
  std::string jsonld;
  std::string nquads;
  std::string graphml;
  std::string dot;
  std::string svg;
  std::string png;
  bool any() const {
    return !jsonld.empty() || !nquads.empty() || !graphml.empty() || !dot.empty() || !svg.empty() || !png.empty();
  }
};

void add_graph_output_options(CLI::App& command, GraphOutputs& outputs);
// Writes every requested output (each whole or not at all); with none requested, prints counts per entity
// type and relation to `summary`. `jobs` threads format the JSON-LD (the bytes do not depend on it; 1
// formats it on the calling thread alone).
void write_graph_outputs(const graph::KnowledgeGraph& graph, const GraphOutputs& outputs, std::ostream& summary,
                         unsigned jobs = 1);
// "12 documents, 80 entities (Person 20, ...), 140 statements (attacks 10, ...)".
void print_summary(const graph::KnowledgeGraph& graph, std::ostream& out);

}  // namespace newsgraph::cli
