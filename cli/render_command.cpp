// `newsgraph render GRAPH.jsonld -o FILE.svg|FILE.png [--query 'MATCH …']`: a diagram of a saved graph
// (or of the part a query matches), laid out and rendered in-process (export/diagram_renderer.h) from
// the DOT of export/dot_writer.h.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"
#include "export/diagram_renderer.h"
#include "export/dot_writer.h"
#include "graph/diagnostic.h"
#include "graph/query/query.h"

namespace newsgraph::cli {

namespace {

struct RenderOptions {
  std::string graph;
  std::string output;
  std::string format;  // "" = from the output's extension
  std::string query;   // "" = the whole graph
  std::string layout = "dot";
  std::string rankdir = "LR";
  std::size_t min_evidence = 0;
  bool clusters = false;
  bool no_legend = false;
};

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

exporters::DiagramFormat format_of(const RenderOptions& options) {
  std::string format = options.format;
  if (format.empty()) {
    if (ends_with(options.output, ".svg"))
      format = "svg";
    else if (ends_with(options.output, ".png"))
      format = "png";
    else
      throw graph::InputError("--output", "cannot tell the format of '" + options.output +
                                              "': name it .svg or .png, or pass --format svg|svg-text|png");
  }
  if (format == "png") return exporters::DiagramFormat::Png;
  if (format == "svg-text") return exporters::DiagramFormat::SvgText;
  return exporters::DiagramFormat::Svg;
}

int run_render(const RenderOptions& options) {
  const auto format = format_of(options);
  std::optional<graph::query::BoundQuery> query;  // checked before reading a possibly large graph
  if (!options.query.empty()) query = graph::query::Query::parse(options.query, "--query").bind();
  auto graph = read_graph_file(options.graph);
  if (query) {
    graph::query::EvaluateOptions evaluate;
    evaluate.collect_subgraph = true;
    graph = graph::query::subgraph_of(graph, query->evaluate(graph, evaluate));  // as query --format dot
  }
  exporters::DotOptions dot_options;
  dot_options.min_evidence = options.min_evidence;
  dot_options.hide_isolated = options.min_evidence > 1;
  dot_options.cluster_by_type = options.clusters;
  dot_options.rankdir = options.rankdir;
  dot_options.legend = !options.no_legend;
  const std::string dot = exporters::write_dot(graph, dot_options);
  write_output(options.output, exporters::render_diagram(dot, format, options.layout, options.graph));
  return kOk;
}

}  // namespace

void add_render_command(CLI::App& root, Runner& run) {
  auto* sub =
      root.add_subcommand("render", "Draw a saved graph as an SVG or PNG diagram (Graphviz, cairo, Noto Sans Arabic)");
  auto options = std::make_shared<RenderOptions>();
  sub->add_option("graph", options->graph, "JSON-LD graph written by newsgraph")->required();
  sub->add_option("-o,--output", options->output, "FILE.svg or FILE.png (- = stdout, needs --format)")->required();
  sub->add_option("--format", options->format,
                  "svg (glyph outlines), svg-text (real text, ids for scripts) or png; default: from -o")
      ->check(CLI::IsMember({"svg", "svg-text", "png"}));
  sub->add_option("--query", options->query,
                  "draw only what a query matches, e.g. \"MATCH (a)-[r:demands]->(b) RETURN a, b\" (docs/query.md)");
  sub->add_option("--layout", options->layout, "Graphviz layout engine (sfdp for large graphs)")
      ->check(CLI::IsMember({"dot", "neato", "fdp", "sfdp", "circo"}))
      ->capture_default_str();
  sub->add_option("--min-evidence", options->min_evidence,
                  "draw only relationships with at least N evidence sentences, and the entities they join")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--rankdir", options->rankdir, "direction of the dot layout")
      ->check(CLI::IsMember({"TB", "LR", "BT", "RL"}))
      ->capture_default_str();
  sub->add_flag("--clusters", options->clusters, "group the entities of each type in a box");
  sub->add_flag("--no-legend", options->no_legend, "leave out the legend");
  sub->callback([&run, options] { run = [options] { return run_render(*options); }; });
}

}  // namespace newsgraph::cli
