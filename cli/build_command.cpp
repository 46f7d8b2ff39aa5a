// newsgraph build FILE... : articles → knowledge graph → JSON-LD / DOT / SVG, or counts on stdout.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_set>

#include "cli/command.h"
#include "cli/graph_outputs.h"
#include "cli/parallel_build.h"
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
  bool quiet = false;
  unsigned jobs = 0;  // 0: all cores
  GraphOutputs outputs;
};

// Expands directories into their *.txt files (sorted) and drops repeated paths, reporting each.
// A repeat is the same file under another spelling (a/../a/x.txt, a symlink): paths are compared in
// canonical form. Resolving each file's path component by component took a dozen system calls per file
// (readlink, stat, getcwd) on the single thread that runs before extraction; a directory is resolved
// once, and its entries are that plus their name, except symlinks, which are resolved themselves.
std::vector<std::filesystem::path> article_paths(const std::vector<std::string>& inputs) {
  std::vector<std::filesystem::path> out;
  std::unordered_set<std::string> seen;  // canonical paths, as text
  auto add = [&](const std::filesystem::path& p, const std::filesystem::path& canonical) {
    if (!seen.insert(canonical.native()).second) {
      std::cerr << "newsgraph: " << p.string() << ": warning: given twice, read once\n";
      return;
    }
    out.push_back(p);
  };
  auto canonical_of = [](const std::filesystem::path& p) {
    std::error_code ec;
    auto canonical = std::filesystem::weakly_canonical(p, ec);
    return ec ? p : canonical;
  };
  for (const auto& input : inputs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(input, ec)) {
      add(input, canonical_of(input));
      continue;
    }
    std::vector<std::filesystem::directory_entry> found;
    for (const auto& entry : std::filesystem::directory_iterator(input, ec))
      if (entry.path().extension() == ".txt") found.push_back(entry);
    // Entries of one directory differ only in their names: sorting by the path text is sorting by name,
    // the order path::compare gives, without splitting every path into components for every comparison.
    std::sort(found.begin(), found.end(),
              [](const auto& a, const auto& b) { return a.path().native() < b.path().native(); });
    if (found.empty()) std::cerr << "newsgraph: " << input << ": warning: no .txt articles in this directory\n";
    const std::filesystem::path directory = canonical_of(input);
    for (const auto& entry : found) {
      std::error_code link_ec;
      const bool link = entry.is_symlink(link_ec) || link_ec;  // the type came with the listing: no system call
      add(entry.path(), link ? canonical_of(entry.path()) : directory / entry.path().filename());
    }
  }
  return out;
}

// One article after the map step: its graph, or the diagnostic that rejected it.
struct ArticleOutcome {
  std::optional<graph::DocumentGraph> graph;
  std::optional<graph::Diagnostic> error;
  std::size_t bytes = 0;
};

int run_build(const BuildOptions& opts) {
  const extract::Lexicon custom = opts.lexicons.empty() ? extract::Lexicon{} : extract::Lexicon::load_directory(opts.lexicons);
  const extract::Lexicon& lexicon = opts.lexicons.empty() ? extract::Lexicon::builtin() : custom;
  extract::DocumentExtractor extractor(lexicon);
  extract::ExtractOptions extract_options{opts.date};

  graph::KnowledgeGraph graph;
  if (!opts.merge.empty()) graph = read_graph_file(opts.merge);

  // Ids and duplicate checks are decided here, in input order, so that which of two same-named files is
  // rejected does not depend on threads.
  const auto paths = article_paths(opts.inputs);
  std::vector<std::string> ids;
  std::vector<bool> duplicate;
  std::set<std::string> seen;
  const bool show_progress = !opts.quiet && stderr_is_terminal();
  std::size_t total_bytes = 0;  // for the progress bar's ETA only: a stat() per file otherwise spared
  for (const auto& path : paths) {
    ids.push_back(path.filename().string());
    duplicate.push_back(!seen.insert(ids.back()).second);
    std::error_code ec;
    const auto size = show_progress ? std::filesystem::file_size(path, ec) : 0;
    if (!ec) total_bytes += size;
  }

  const std::function<ArticleOutcome(std::size_t)> extract_one = [&](std::size_t i) {
    ArticleOutcome outcome;
    const auto& path = paths[i];
    const auto& id = ids[i];
    try {
      if (duplicate[i])
        throw graph::InputError(path.string(), "another input has the same file name '" + id +
                                                   "'; documents are identified by file name");
      const std::string text = read_input_file(path.string());
      outcome.bytes = text.size();
      outcome.graph = extractor.extract(id, text, extract_options);
    } catch (const graph::InputError& e) {
      auto d = e.diagnostic();
      if (d.path == id) d.path = path.string();
      outcome.error = std::move(d);
    }
    return outcome;
  };

  int status = kOk;
  ProgressBar progress(std::cerr, paths.size(), total_bytes, show_progress);
  const std::function<bool(std::size_t, ArticleOutcome&&)> merge_one = [&](std::size_t i, ArticleOutcome&& outcome) {
    progress.advance(outcome.bytes);
    if (outcome.graph) {
      graph.add(std::move(*outcome.graph));
      return true;
    }
    progress.clear();
    std::cerr << "newsgraph: " << outcome.error->format() << "\n";
    status = kBadInput;
    if (opts.strict) return false;
    std::cerr << "newsgraph: " << paths[i].string() << ": skipped; the other articles are built\n";
    return true;
  };
  const unsigned jobs = opts.jobs == 0 ? default_jobs() : opts.jobs;
  ordered_parallel_map<ArticleOutcome>(paths.size(), jobs, 4 * std::size_t{jobs}, extract_one, merge_one);
  progress.clear();
  if (opts.strict && status != kOk) return status;
  write_graph_outputs(graph, opts.outputs, std::cout, jobs);
  leave_to_exit(std::move(graph));
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
      "  newsgraph build -j 8 corpus/ --jsonld out/graph.jsonld\n"
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
  sub->add_option("-j,--jobs", opts->jobs, "Extract this many articles at once (default: all cores); the output does not depend on it")
      ->check(CLI::Range(1u, 1024u));
  sub->add_flag("-q,--quiet", opts->quiet, "No progress bar (it is drawn on stderr only when stderr is a terminal)");
  add_graph_output_options(*sub, opts->outputs);
  sub->callback([&run, opts] { run = [opts] { return run_build(*opts); }; });
}

}  // namespace newsgraph::cli
