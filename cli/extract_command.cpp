// newsgraph extract [FILE...] : the map step. JSON Lines of articles ({"id","date","text"}) in, JSON Lines
// of per-document graphs out, one line per article in input order (see extract/document_jsonl.h).
#include <iostream>
#include <memory>
#include <optional>
#include <set>

#include "cli/command.h"
#include "cli/parallel_build.h"
#include "extract/document_extractor.h"
#include "extract/document_jsonl.h"
#include "extract/lexicon.h"
#include "graph/diagnostic.h"

namespace newsgraph::cli {
namespace {

struct ExtractCommandOptions {
  std::vector<std::string> inputs;
  std::string date;
  std::string lexicons;
  bool strict = false;
  unsigned jobs = 0;  // 0: all cores
};

// One article line after the map: its output line, or the diagnostic that rejected it.
struct LineOutcome {
  std::string id;
  std::string output;
  std::optional<graph::Diagnostic> error;
};

int run_extract(const ExtractCommandOptions& opts) {
  const extract::Lexicon custom = opts.lexicons.empty() ? extract::Lexicon{} : extract::Lexicon::load_directory(opts.lexicons);
  const extract::Lexicon& lexicon = opts.lexicons.empty() ? extract::Lexicon::builtin() : custom;
  const extract::DocumentExtractor extractor(lexicon);
  const unsigned jobs = opts.jobs == 0 ? default_jobs() : opts.jobs;
  const std::vector<std::string> inputs = opts.inputs.empty() ? std::vector<std::string>{"-"} : opts.inputs;

  int status = kOk;
  bool stopped = false;
  std::set<std::string> ids;
  for (const auto& input : inputs) {
    const std::string shown = input == "-" ? "<stdin>" : input;
    read_line_batches(input, 256, [&](std::vector<std::string>& lines, const std::vector<std::size_t>& numbers) {
      if (stopped) return;
      const std::function<LineOutcome(std::size_t)> map_one = [&](std::size_t i) {
        LineOutcome out;
        try {
          auto done = extract::extract_article_line(extractor, shown, numbers[i], lines[i], opts.date);
          out.id = std::move(done.id);
          out.output = std::move(done.output);
        } catch (const graph::InputError& e) {
          out.error = e.diagnostic();
        }
        return out;
      };
      const std::function<bool(std::size_t, LineOutcome&&)> write_one = [&](std::size_t i, LineOutcome&& out) {
        if (!out.error && !ids.insert(out.id).second) {
          out.error = graph::Diagnostic{shown, numbers[i], 1, std::nullopt,
                                        "another line has the same article id '" + out.id + "'", "", ""};
        }
        if (!out.error) {
          std::cout << out.output << '\n';
          return true;
        }
        std::cerr << "newsgraph: " << out.error->format() << "\n";
        status = kBadInput;
        if (opts.strict) {
          stopped = true;
          return false;
        }
        std::cerr << "newsgraph: " << shown << ":" << numbers[i] << ": skipped; the other articles are extracted\n";
        return true;
      };
      ordered_parallel_map<LineOutcome>(lines.size(), jobs, 4 * std::size_t{jobs}, map_one, write_one);
    });
    if (stopped) break;
  }
  std::cout.flush();
  return status;
}

}  // namespace

void add_extract_command(CLI::App& root, Runner& run) {
  auto opts = std::make_shared<ExtractCommandOptions>();
  auto* sub = root.add_subcommand("extract", "Map step: JSON Lines of articles in, JSON Lines of document graphs out");
  sub->footer(
      "Examples:\n"
      "  newsgraph extract articles.jsonl > graphs.jsonl\n"
      "  cat part-*.jsonl | newsgraph extract -j 4 > graphs.jsonl\n"
      "  newsgraph merge graphs.jsonl --jsonld out/graph.jsonld\n"
      "Each input line is {\"id\": \"a.txt\", \"date\": \"YYYY-MM-DD\" (optional), \"text\": \"...\"}; each output\n"
      "line is that article's entities (with mentions) and statements (with evidence), in input order.\n"
      "A bad line is reported as FILE:LINE and skipped (exit status 1 at the end); --strict stops there.");
  sub->add_option("files", opts->inputs, "JSON Lines files of articles (default, or \"-\": stdin)");
  sub->add_option("--date", opts->date, "Date (YYYY-MM-DD) for articles whose line gives none and whose text states none")
      ->check(CLI::Validator(
          [](std::string& s) {
            const bool ok = s.size() == 10 && s[4] == '-' && s[7] == '-' &&
                            s.find_first_not_of("0123456789-") == std::string::npos;
            return ok ? std::string() : std::string("expected a date as YYYY-MM-DD");
          },
          "DATE"));
  sub->add_option("--lexicons", opts->lexicons, "Read lexicon files from this directory instead of the built-in ones");
  sub->add_flag("--strict", opts->strict, "Stop at the first line that cannot be read or extracted");
  sub->add_option("-j,--jobs", opts->jobs, "Extract this many articles at once (default: all cores); the output does not depend on it")
      ->check(CLI::Range(1u, 1024u));
  sub->callback([&run, opts] { run = [opts] { return run_extract(*opts); }; });
}

}  // namespace newsgraph::cli
