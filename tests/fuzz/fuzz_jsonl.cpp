// libFuzzer target: the JSON Lines reader (extract/document_jsonl.h) as `newsgraph extract` and
// `newsgraph merge` run it. The input is a whole stream: cli::read_line_batches splits it into lines as
// the command line does (CRLF, blank lines, line numbers), and every line goes through
//  - the map step, extract::extract_article_line (the function `newsgraph extract` calls per line): a bad
//    line or a bad article must be an InputError at fuzz.jsonl:LINE, never anything else; an accepted
//    line's output must read back with parse_document_graph_line, write the same bytes again, and be
//    accepted by KnowledgeGraph::add;
//  - the reduce step, extract::parse_document_graph_line (what `newsgraph merge` calls per line): a line
//    it accepts must be accepted by KnowledgeGraph::add (merge adds it without a try) and round-trip.
#include <cstdint>
#include <sstream>
#include <string>

#include "cli/parallel_build.h"
#include "extract/document_extractor.h"
#include "extract/document_jsonl.h"
#include "graph/knowledge_graph.h"
#include "tests/fuzz/fuzz_support.h"

namespace cli = newsgraph::cli;
namespace extract = newsgraph::extract;
namespace graph = newsgraph::graph;
namespace fuzz = newsgraph::fuzz;

namespace {

constexpr const char* kPath = "fuzz.jsonl";

// A document graph line must read back to a graph that writes the same line, and add to a graph.
void check_document_line(const std::string& line, std::size_t number, graph::KnowledgeGraph& merged) {
  graph::DocumentGraph dg;
  try {
    dg = extract::parse_document_graph_line("written.jsonl", number, line);
  } catch (const graph::InputError& e) {
    std::fprintf(stderr, "%s\n", e.diagnostic().format().c_str());
    fuzz::require(false, "a document graph line written by newsgraph is refused when read back");
  }
  fuzz::require(extract::document_graph_line(dg) == line, "document graph line round trip changes it");
  merged.add(dg);
}

// An InputError about one line must name the stream and that line.
void check_line_error(const graph::InputError& e, std::size_t number) {
  const auto& d = e.diagnostic();
  fuzz::require(d.path == kPath, "a line's error does not name the stream");
  fuzz::require(d.line == number, "a line's error is not at its line");
  fuzz::require(d.column >= 1 && !d.message.empty(), "a line's error has no column or message");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const extract::DocumentExtractor extractor;
  std::istringstream in{std::string(fuzz::bytes(data, size))};
  graph::KnowledgeGraph extracted, merged;
  fuzz::expect_input_errors([&] {
    cli::read_line_batches(in, kPath, 16, [&](std::vector<std::string>& lines, const std::vector<std::size_t>& numbers) {
      for (std::size_t i = 0; i < lines.size(); ++i) {
        try {
          const auto done = extract::extract_article_line(extractor, kPath, numbers[i], lines[i], "2024-01-01");
          fuzz::require(!done.id.empty(), "an extracted line has no article id");
          check_document_line(done.output, numbers[i], extracted);
        } catch (const graph::InputError& e) {
          check_line_error(e, numbers[i]);
        }
        try {
          const auto dg = extract::parse_document_graph_line(kPath, numbers[i], lines[i]);
          merged.add(dg);
          const std::string written = extract::document_graph_line(dg);
          check_document_line(written, numbers[i], merged);
        } catch (const graph::InputError& e) {
          check_line_error(e, numbers[i]);
        }
      }
    });
  });
  return 0;
}
