// newsgraph export GRAPH.jsonld --format kuzu DIR: writes a saved graph as files a graph database loads
// (node and relationship CSV files, schema.cypher and load.cypher for Kùzu, neo4j.cypher for Neo4j).
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "export/kuzu_writer.h"

namespace newsgraph::cli {
namespace {

struct ExportOptions {
  std::string graph;
  std::string format;
  std::string directory;
};

int run_export(const ExportOptions& opts) {
  const auto g = read_graph_file(opts.graph);
  const auto files = exporters::write_kuzu(g);
  exporters::write_kuzu_directory(files, opts.directory);
  std::cout << "wrote " << files.size() << " files to " << opts.directory << " (" << g.entity_count() << " entities, "
            << g.relationship_count() << " relationships)\n";
  return kOk;
}

}  // namespace

void add_export_command(CLI::App& root, Runner& run) {
  auto opts = std::make_shared<ExportOptions>();
  auto* sub = root.add_subcommand("export", "Export a graph written by newsgraph for a graph database");
  sub->footer(
      "Example:\n"
      "  newsgraph export out/graph.jsonld --format kuzu out/kuzu\n"
      "  cd out/kuzu && kuzu graph.db < schema.cypher && kuzu graph.db < load.cypher\n"
      "Neo4j: copy the CSV files to its import directory and run neo4j.cypher (docs/query.md).");
  sub->add_option("graph", opts->graph, "A JSON-LD graph written by newsgraph")->required();
  sub->add_option("directory", opts->directory, "The directory to write (created when missing)")->required();
  sub->add_option("--format", opts->format, "Export format: kuzu")->required()->check(CLI::IsMember({"kuzu"}));
  sub->callback([&run, opts] { run = [opts] { return run_export(*opts); }; });
}

}  // namespace newsgraph::cli
