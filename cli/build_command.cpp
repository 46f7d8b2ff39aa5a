// newsgraph build FILE... : articles → knowledge graph → JSON-LD / DOT / SVG, or counts on stdout.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "cli/command.h"
#include "cli/graph_outputs.h"
#include "extract/document_extractor.h"
#include "extract/lexicon.h"
#include "graph/diagnostic.h"

namespace newsgraph::cli {
namespace {

struct BuildOptions {
  std::vector<std::string> inputs;
  std::string merge;
  std::string date;
  std::string lexicons;
  bool strict = false;
  GraphOutputs outputs;
};

// Expands directories into their *.txt files (sorted) and drops repeated paths, reporting each.
std::vector<std::filesystem::path> article_paths(const std::vector<std::string>& inputs) {
  std::vector<std::filesystem::path> out;
  std::set<std::filesystem::path> seen;
  for (const auto& input : inputs) {
    std::error_code ec;
    std::vector<std::filesystem::path> found;
    if (std::filesystem::is_directory(input, ec)) {
      for (const auto& entry : std::filesystem::directory_iterator(input, ec))
        if (entry.path().extension() == ".txt") found.push_back(entry.path());
      std::sort(found.begin(), found.end());
      if (found.empty()) std::cerr << "newsgraph: " << input << ": warning: no .txt articles in this directory\n";
    } else {
      found.push_back(input);
    }
    for (auto& p : found) {
      auto canonical = std::filesystem::weakly_canonical(p, ec);
      if (!seen.insert(ec ? p : canonical).second) {
        std::cerr << "newsgraph: " << p.string() << ": warning: given twice, read once\n";
        continue;
      }
      out.push_back(p);
    }
  }
  return out;
}

int run_build(const BuildOptions& opts) {
  const extract::Lexicon custom = opts.lexicons.empty() ? extract::Lexicon{} : extract::Lexicon::load_directory(opts.lexicons);
  const extract::Lexicon& lexicon = opts.lexicons.empty() ? extract::Lexicon::builtin() : custom;
  extract::DocumentExtractor extractor(lexicon);
  extract::ExtractOptions extract_options{opts.date};

  graph::KnowledgeGraph graph;
  if (!opts.merge.empty()) graph = read_graph_file(opts.merge);

  int status = kOk;
  std::set<std::string> ids;
  for (const auto& path : article_paths(opts.inputs)) {
    const std::string id = path.filename().string();
    try {
      if (!ids.insert(id).second)
        throw graph::InputError(path.string(), "another input has the same file name '" + id +
                                                   "'; documents are identified by file name");
      const std::string text = read_input_file(path.string());
      graph.add(extractor.extract(id, text, extract_options));
    } catch (const graph::InputError& e) {
      auto d = e.diagnostic();
      if (d.path == id) d.path = path.string();
      std::cerr << "newsgraph: " << d.format() << "\n";
      if (opts.strict) return kBadInput;
      std::cerr << "newsgraph: " << path.string() << ": skipped; the other articles are built\n";
      status = kBadInput;
    }
  }
  write_graph_outputs(graph, opts.outputs, std::cout);
  return status;
}

}  // namespace

void add_build_command(CLI::App& root, Runner& run) {
  auto opts = std::make_shared<BuildOptions>();
  auto* sub = root.add_subcommand("build", "Read articles and build the knowledge graph");
  sub->footer(
      "Examples:\n"
      "  newsgraph build samples/*.txt --jsonld out/graph.jsonld --dot out/graph.dot --svg out/graph.svg\n"
      "  newsgraph build --merge out/graph.jsonld new-article.txt --jsonld out/graph.jsonld\n"
      "  newsgraph build samples/          (prints entity and relation counts)\n"
      "A broken article is reported and skipped (exit status 1 at the end); --strict stops at the first.");
  sub->add_option("files", opts->inputs, "Article files (UTF-8 text) or directories of *.txt")->required();
  sub->add_option("--merge", opts->merge, "Add the articles to this graph, written before by newsgraph");
  sub->add_option("--date", opts->date, "Date (YYYY-MM-DD) for articles that state none")
      ->check(CLI::Validator(
          [](std::string& s) {
            const bool ok = s.size() == 10 && s[4] == '-' && s[7] == '-' &&
                            std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
            return ok ? std::string() : std::string("expected a date as YYYY-MM-DD");
          },
          "DATE"));
  sub->add_option("--lexicons", opts->lexicons, "Read lexicon files from this directory instead of the built-in ones");
  sub->add_flag("--strict", opts->strict, "Stop at the first article that cannot be read");
  add_graph_output_options(*sub, opts->outputs);
  sub->callback([&run, opts] { run = [opts] { return run_build(*opts); }; });
}

}  // namespace newsgraph::cli
