// `newsgraph report GRAPH.jsonld -o report.html`: one self-contained HTML page (inline CSS, JavaScript
// and SVG diagram; no network) with the entities and a filterable table of statements
// (export/html_report.h).
#include <memory>
#include <string>

#include "cli/command.h"
#include "export/diagram_renderer.h"
#include "export/html_report.h"
#include "graph/utf8.h"

namespace newsgraph::cli {
namespace {

struct ReportOptions {
  std::string graph;
  std::string output;
  exporters::HtmlReportOptions report;
  bool no_diagram = false;
};

}  // namespace

void add_report_command(CLI::App& root, Runner& run) {
  auto opts = std::make_shared<ReportOptions>();
  auto* sub = root.add_subcommand("report", "Write a self-contained HTML report of a graph (diagram, entities, statements)");
  sub->footer(
      "Examples:\n"
      "  newsgraph report out/graph.jsonld -o out/report.html\n"
      "  newsgraph report out/graph.jsonld -o out/report.html --title 'العراق' --layout sfdp");
  sub->add_option("graph", opts->graph, "A JSON-LD graph written by newsgraph")->required();
  sub->add_option("-o,--output", opts->output, "The HTML file to write (- for stdout)")->required();
  sub->add_option("--title", opts->report.title, "Title and heading of the page")->capture_default_str();
  std::vector<std::string> layouts(exporters::diagram_layouts().begin(), exporters::diagram_layouts().end());
  sub->add_option("--layout", opts->report.layout, "Graphviz layout of the diagram")
      ->check(CLI::IsMember(layouts))
      ->capture_default_str();
  sub->add_flag("--no-diagram", opts->no_diagram, "Leave the diagram out (for graphs too big to lay out)");
  sub->callback([&run, opts] {
    run = [opts] {
      opts->report.diagram = !opts->no_diagram;
      graph::check_utf8(opts->report.title, "--title");  // it goes into the page as is
      write_output(opts->output, exporters::write_html_report(read_graph_file(opts->graph), opts->report));
      return kOk;
    };
  });
}

}  // namespace newsgraph::cli
