// newsgraph merge FILE... : the reduce step. Any number of JSON Lines files of document graphs (written by
// newsgraph extract) and JSON-LD graphs (written by build, merge or convert) into one graph, with the
// output options of build. Merging is commutative and associative: any split and order of the inputs
// gives the same bytes.
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/command.h"
#include "cli/graph_outputs.h"
#include "cli/parallel_build.h"
#include "extract/document_jsonl.h"
#include "graph/diagnostic.h"

namespace newsgraph::cli {
namespace {

struct MergeOptions {
  std::vector<std::string> inputs;
  bool strict = false;
  unsigned jobs = 0;  // 0: all cores
  GraphOutputs outputs;
};

struct ParsedLine {
  std::optional<graph::DocumentGraph> graph;
  std::optional<graph::Diagnostic> error;
};

bool is_jsonld(const std::string& path) {
  const auto ext = std::filesystem::path(path).extension();
  return ext == ".jsonld" || ext == ".json";
}

int run_merge(const MergeOptions& opts) {
  const unsigned jobs = opts.jobs == 0 ? default_jobs() : opts.jobs;
  graph::KnowledgeGraph graph;
  int status = kOk;
  auto report = [&](const graph::Diagnostic& d, const std::string& what) {
    std::cerr << "newsgraph: " << d.format() << "\n";
    status = kBadInput;
    if (!opts.strict) std::cerr << "newsgraph: " << what << ": skipped; the rest is merged\n";
    return !opts.strict;
  };
  for (const auto& input : opts.inputs) {
    if (is_jsonld(input)) {
      try {
        graph.merge(read_graph_file(input));
      } catch (const graph::InputError& e) {
        if (!report(e.diagnostic(), input)) return status;
      }
      continue;
    }
    const std::string shown = input == "-" ? "<stdin>" : input;
    bool stopped = false;
    read_line_batches(input, 1024, [&](std::vector<std::string>& lines, const std::vector<std::size_t>& numbers) {
      if (stopped) return;
      const std::function<ParsedLine(std::size_t)> parse_one = [&](std::size_t i) {
        ParsedLine out;
        try {
          out.graph = extract::parse_document_graph_line(shown, numbers[i], lines[i]);
        } catch (const graph::InputError& e) {
          out.error = e.diagnostic();
        }
        return out;
      };
      const std::function<bool(std::size_t, ParsedLine&&)> add_one = [&](std::size_t i, ParsedLine&& line) {
        if (line.graph) {
          graph.add(std::move(*line.graph));
          return true;
        }
        stopped = !report(*line.error, shown + ":" + std::to_string(numbers[i]));
        return !stopped;
      };
      ordered_parallel_map<ParsedLine>(lines.size(), jobs, 4 * std::size_t{jobs}, parse_one, add_one);
    });
    if (stopped) return status;
  }
  write_graph_outputs(graph, opts.outputs, std::cout, jobs);
  leave_to_exit(std::move(graph));
  return status;
}

}  // namespace

void add_merge_command(CLI::App& root, Runner& run) {
  auto opts = std::make_shared<MergeOptions>();
  auto* sub = root.add_subcommand("merge", "Reduce step: merge JSON Lines of document graphs and JSON-LD graphs into one");
  sub->footer(
      "Examples:\n"
      "  newsgraph merge part-1.jsonl part-2.jsonl --jsonld out/graph.jsonld --svg out/graph.svg\n"
      "  newsgraph merge out/old.jsonld new.jsonl --jsonld out/graph.jsonld\n"
      "Files ending in .jsonld or .json are JSON-LD graphs; any other file (\"-\": stdin) is JSON Lines written\n"
      "by newsgraph extract. A bad line is reported as FILE:LINE and skipped (exit status 1 at the end);\n"
      "--strict stops there and writes nothing.");
  sub->add_option("files", opts->inputs, "JSON Lines of document graphs and/or JSON-LD graphs")->required();
  sub->add_flag("--strict", opts->strict, "Stop at the first line or file that cannot be read");
  sub->add_option("-j,--jobs", opts->jobs, "Parse this many lines at once (default: all cores); the output does not depend on it")
      ->check(CLI::Range(1u, 1024u));
  add_graph_output_options(*sub, opts->outputs);
  sub->callback([&run, opts] { run = [opts] { return run_merge(*opts); }; });
}

}  // namespace newsgraph::cli
