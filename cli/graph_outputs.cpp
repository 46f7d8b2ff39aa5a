#include "cli/graph_outputs.h"

#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/command.h"
#include "cli/parallel_build.h"
#include "export/diagram_renderer.h"
#include "export/dot_writer.h"
#include "export/graphml_writer.h"
#include "export/jsonld_writer.h"
#include "export/nquads_writer.h"
#include "export/output_file.h"
#include "graph/diagnostic.h"

namespace newsgraph::cli {

void add_graph_output_options(CLI::App& command, GraphOutputs& outputs) {
  command.add_option("--jsonld", outputs.jsonld, "Write the graph as JSON-LD to PATH (- for stdout)");
  command.add_option("--nquads", outputs.nquads, "Write the graph as RDF N-Quads to PATH (- for stdout)");
  command.add_option("--graphml", outputs.graphml, "Write the graph as GraphML to PATH (- for stdout)");
  command.add_option("--dot", outputs.dot, "Write the graph as Graphviz DOT to PATH (- for stdout)");
  command.add_option("--svg", outputs.svg, "Render the graph diagram as SVG to PATH (- for stdout)");
  command.add_option("--png", outputs.png, "Render the graph diagram as PNG to PATH");
}

namespace {

// write_jsonld's bytes, formatted in pieces on `jobs` threads and handed to `sink` in order: the writer
// is the longest step of a build after the parallel extraction. A few pieces wait at a time, so memory
// stays bounded however large the graph.
void write_jsonld_on_threads(const graph::KnowledgeGraph& graph, unsigned jobs, const exporters::TextSink& sink) {
  if (jobs <= 1) return exporters::write_jsonld(graph, sink);
  const exporters::JsonLdPieces pieces(graph);
  const std::function<std::string(std::size_t)> format = [&pieces](std::size_t i) {
    std::string text;
    pieces.format(i, text);
    return text;
  };
  const std::function<bool(std::size_t, std::string&&)> write = [&sink](std::size_t, std::string&& text) {
    sink(text);
    return true;
  };
  ordered_parallel_map<std::string>(pieces.size(), jobs, 4 * std::size_t{jobs}, format, write);
}

}  // namespace

void write_graph_outputs(const graph::KnowledgeGraph& graph, const GraphOutputs& outputs, std::ostream& summary,
                         unsigned jobs) {
  if (!outputs.any()) {
    print_summary(graph, summary);
    return;
  }
  using Producer = std::function<void(const exporters::TextSink&)>;
  std::string dot;
  if (!outputs.dot.empty() || !outputs.svg.empty() || !outputs.png.empty()) dot = exporters::write_dot(graph);
  const auto text = [](std::string content) {
    return Producer([content = std::move(content)](const exporters::TextSink& sink) { sink(content); });
  };
  std::vector<std::pair<std::string, Producer>> wanted;  // (path, what writes it), in option order
  if (!outputs.jsonld.empty())  // streamed: a graph of a million statements is 1.5 GB of JSON-LD
    wanted.emplace_back(outputs.jsonld, [&graph, jobs](const exporters::TextSink& sink) { write_jsonld_on_threads(graph, jobs, sink); });
  if (!outputs.nquads.empty()) wanted.emplace_back(outputs.nquads, text(exporters::write_nquads(graph)));
  if (!outputs.graphml.empty()) wanted.emplace_back(outputs.graphml, text(exporters::write_graphml(graph)));
  if (!outputs.dot.empty()) wanted.emplace_back(outputs.dot, text(dot));
  if (!outputs.svg.empty()) wanted.emplace_back(outputs.svg, text(exporters::render_diagram(dot, exporters::DiagramFormat::Svg, "dot")));
  if (!outputs.png.empty()) wanted.emplace_back(outputs.png, text(exporters::render_diagram(dot, exporters::DiagramFormat::Png, "dot")));

  // Every file is written in full to its temporary file, then standard output, and only then are the
  // files renamed into place: a failure anywhere before leaves no partial set of outputs.
  std::vector<std::unique_ptr<exporters::AtomicFile>> files;
  for (const auto& [path, produce] : wanted) {
    if (path == "-") continue;
    files.push_back(std::make_unique<exporters::AtomicFile>(path));
    auto& file = *files.back();
    produce([&file](std::string_view piece) { file.write(piece); });
  }
  for (const auto& [path, produce] : wanted) {
    if (path != "-") continue;
    produce([](std::string_view piece) { std::cout.write(piece.data(), static_cast<std::streamsize>(piece.size())); });
    std::cout.flush();
    if (!std::cout) throw graph::InputError("<stdout>", "cannot write to standard output");
  }
  for (auto& file : files) file->commit();
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
