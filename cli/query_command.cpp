// newsgraph query GRAPH.jsonld 'MATCH …' [--format table|json|csv|dot] [-f FILE]: runs a query of the
// Cypher subset (docs/query.md) over a saved graph and prints the rows, or the matched subgraph as DOT.
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "export/dot_writer.h"
#include "graph/diagnostic.h"
#include "graph/query/query.h"

namespace newsgraph::cli {
namespace {

struct QueryOptions {
  std::string graph;
  std::string text;
  std::string file;
  std::string format = "table";
};

int run_query(const QueryOptions& opts) {
  if (opts.text.empty() == opts.file.empty())
    throw graph::InputError("query", opts.file.empty() ? "give the query as an argument or with -f FILE"
                                                        : "give the query either as an argument or with -f, not both");
  const std::string text = opts.file.empty() ? opts.text : read_input_file(opts.file);
  const std::string path = opts.file.empty() ? "query" : (opts.file == "-" ? "<stdin>" : opts.file);
  // Check the query before reading a possibly large graph.
  const auto bound = graph::query::Query::parse(text, path).bind();
  const auto g = read_graph_file(opts.graph);
  graph::query::EvaluateOptions options;
  options.collect_subgraph = opts.format == "dot";
  const auto result = bound.evaluate(g, options);
  std::string out;
  if (opts.format == "json") out = graph::query::format_json(result);
  else if (opts.format == "csv") out = graph::query::format_csv(result);
  else if (opts.format == "dot") out = exporters::write_dot(graph::query::subgraph_of(g, result));
  else out = graph::query::format_table(result);
  write_output("-", out);
  return kOk;
}

}  // namespace

void add_query_command(CLI::App& root, Runner& run) {
  auto opts = std::make_shared<QueryOptions>();
  auto* sub = root.add_subcommand("query", "Run a Cypher-style query over a graph written by newsgraph");
  sub->footer(
      "Examples:\n"
      "  newsgraph query out/graph.jsonld \"MATCH (a)-[:demands]->(b {id: 'international_coalition'}) RETURN a.name\"\n"
      "  newsgraph query out/graph.jsonld -f who_attacked.cypher --format json\n"
      "  newsgraph query out/graph.jsonld \"MATCH p = shortestPath((a {id: 'albares'})-[*..4]-(b {id: 'sudani'})) "
      "RETURN length(p)\"\n"
      "The language is described in docs/query.md.");
  sub->add_option("graph", opts->graph, "A JSON-LD graph written by newsgraph")->required();
  sub->add_option("query", opts->text, "The query text (or use -f)");
  sub->add_option("-f,--file", opts->file, "Read the query from this file (\"-\" for stdin)");
  sub->add_option("--format", opts->format, "Output: table (default), json, csv, or dot (the matched subgraph)")
      ->check(CLI::IsMember({"table", "json", "csv", "dot"}));
  sub->callback([&run, opts] { run = [opts] { return run_query(*opts); }; });
}

}  // namespace newsgraph::cli
