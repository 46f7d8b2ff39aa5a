#include "cli/graph_outputs.h"

#include <map>

#include "cli/command.h"
#include "export/diagram_renderer.h"
#include "export/dot_writer.h"
#include "export/graphml_writer.h"
#include "export/jsonld_writer.h"
#include "export/nquads_writer.h"

namespace newsgraph::cli {

void add_graph_output_options(CLI::App& command, GraphOutputs& outputs) {
  command.add_option("--jsonld", outputs.jsonld, "Write the graph as JSON-LD to PATH (- for stdout)");
  command.add_option("--nquads", outputs.nquads, "Write the graph as RDF N-Quads to PATH (- for stdout)");
  command.add_option("--graphml", outputs.graphml, "Write the graph as GraphML to PATH (- for stdout)");
  command.add_option("--dot", outputs.dot, "Write the graph as Graphviz DOT to PATH (- for stdout)");
  command.add_option("--svg", outputs.svg, "Render the graph diagram as SVG to PATH (- for stdout)");
  command.add_option("--png", outputs.png, "Render the graph diagram as PNG to PATH");
}

void write_graph_outputs(const graph::KnowledgeGraph& graph, const GraphOutputs& outputs, std::ostream& summary) {
  if (!outputs.any()) {
    print_summary(graph, summary);
    return;
  }
  // Everything is produced before anything is written: a failure leaves no partial set of outputs.
  std::string jsonld, nquads, graphml, dot, svg, png;
  if (!outputs.jsonld.empty()) jsonld = exporters::write_jsonld(graph);
  if (!outputs.nquads.empty()) nquads = exporters::write_nquads(graph);
  if (!outputs.graphml.empty()) graphml = exporters::write_graphml(graph);
  if (!outputs.dot.empty() || !outputs.svg.empty() || !outputs.png.empty()) dot = exporters::write_dot(graph);
  if (!outputs.svg.empty()) svg = exporters::render_diagram(dot, exporters::DiagramFormat::Svg, "dot");
  if (!outputs.png.empty()) png = exporters::render_diagram(dot, exporters::DiagramFormat::Png, "dot");
  if (!outputs.jsonld.empty()) write_output(outputs.jsonld, jsonld);
  if (!outputs.nquads.empty()) write_output(outputs.nquads, nquads);
  if (!outputs.graphml.empty()) write_output(outputs.graphml, graphml);
  if (!outputs.dot.empty()) write_output(outputs.dot, dot);
  if (!outputs.svg.empty()) write_output(outputs.svg, svg);
  if (!outputs.png.empty()) write_output(outputs.png, png);
}

void print_summary(const graph::KnowledgeGraph& graph, std::ostream& out) {
  std::map<std::string, std::size_t> types, relations;
  for (const auto* e : graph.entities()) ++types[std::string(graph::to_string(e->type))];
  for (const auto* s : graph.statements()) ++relations[s->relation + (s->polarity == graph::Polarity::Negative ? " (negative)" : "")];
  out << graph.document_count() << " documents\n" << graph.entity_count() << " entities\n";
  for (const auto& [t, n] : types) out << "  " << t << "\t" << n << "\n";
  out << graph.statement_count() << " statements\n";
  for (const auto& [r, n] : relations) out << "  " << r << "\t" << n << "\n";
}

}  // namespace newsgraph::cli
