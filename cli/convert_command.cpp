// newsgraph convert GRAPH.jsonld : re-export a saved graph without re-reading the articles.
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "cli/graph_outputs.h"

namespace newsgraph::cli {
namespace {

struct ConvertOptions {
  std::string graph;
  GraphOutputs outputs;
};

}  // namespace

void add_convert_command(CLI::App& root, Runner& run) {
  auto opts = std::make_shared<ConvertOptions>();
  auto* sub = root.add_subcommand("convert", "Re-export a graph written by newsgraph (JSON-LD) to other formats");
  sub->footer(
      "Examples:\n"
      "  newsgraph convert out/graph.jsonld --dot out/graph.dot --svg out/graph.svg\n"
      "  newsgraph convert out/graph.jsonld --nquads out/graph.nq --graphml out/graph.graphml\n"
      "  newsgraph convert out/graph.jsonld        (prints entity and relation counts)");
  sub->add_option("graph", opts->graph, "A JSON-LD graph written by newsgraph")->required();
  add_graph_output_options(*sub, opts->outputs);
  sub->callback([&run, opts] {
    run = [opts] {
      auto graph = read_graph_file(opts->graph);
      write_graph_outputs(graph, opts->outputs, std::cout);
      leave_to_exit(std::move(graph));
      return kOk;
    };
  });
}

}  // namespace newsgraph::cli
