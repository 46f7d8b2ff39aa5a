// End-to-end tests of the newsgraph executable on samples/: outputs, determinism, round trips,
// provenance, merging, exit statuses and error messages.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "export/jsonld_reader.h"
#include "extract/utf8.h"
#include "tests/test_support.h"

namespace graph = newsgraph::graph;
namespace exporters = newsgraph::exporters;
namespace extract = newsgraph::extract;
using newsgraph::testing::read_file;
using newsgraph::testing::run;
using newsgraph::testing::source_dir;
using newsgraph::testing::temp_dir;
using newsgraph::testing::write_file;

namespace {

std::string ng() { return newsgraph::testing::newsgraph(); }

std::string samples(bool reversed = false) { return newsgraph::testing::sample_arguments(reversed); }

graph::KnowledgeGraph load(const std::filesystem::path& p) {
  return exporters::read_jsonld(p.string(), read_file(p));
}

bool has_edge(const graph::KnowledgeGraph& g, const std::string& s, const std::string& r, const std::string& o) {
  for (const auto* st : g.statements())
    if (st->relation == r && st->polarity == graph::Polarity::Positive &&
        ((st->subject == s && st->object == o) || (st->subject == o && st->object == s)))
      return !st->evidence.empty();
  return false;
}

}  // namespace

TEST_CASE("build writes JSON-LD, DOT and SVG of the samples with the owner's actors and core relations", "[cli][e2e]") {
  const auto dir = temp_dir("cli_build");
  const auto r = run(ng() + " build" + samples() + " --jsonld " + (dir / "g.jsonld").string() + " --dot " +
                         (dir / "g.dot").string() + " --svg " + (dir / "g.svg").string(),
                     dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  const auto g = load(dir / "g.jsonld");
  CHECK(g.document_count() == 5);
  for (const char* id : {"sudani", "kadhimi", "austin", "biden", "albares", "islamic_resistance_in_iraq", "coalition"}) {
    INFO(id);
    CHECK(g.entity(id) != nullptr);
  }
  std::set<std::string> relations;
  for (const auto* st : g.statements()) {
    CHECK_FALSE(st->evidence.empty());
    relations.insert(st->relation);
  }
  CHECK(relations.count("demands"));
  CHECK(relations.count("attacks"));
  CHECK(relations.count("negotiates"));
  CHECK(has_edge(g, "united_states", "negotiates", "iraq"));
  CHECK(has_edge(g, "sudani", "demands", "coalition"));
  const auto dot = read_file(dir / "g.dot");
  CHECK(dot.find("digraph") != std::string::npos);
  CHECK(dot.find("السوداني") != std::string::npos);
  const auto svg = read_file(dir / "g.svg");
  CHECK(svg.find("<svg") != std::string::npos);
}

TEST_CASE("every mention and evidence offset points at its exact text in the article", "[cli][e2e]") {
  const auto dir = temp_dir("cli_provenance");
  REQUIRE(run(ng() + " build" + samples() + " --jsonld " + (dir / "g.jsonld").string(), dir).status == 0);
  const auto g = load(dir / "g.jsonld");
  std::map<std::string, std::u32string> texts;
  for (const auto& e : std::filesystem::directory_iterator(source_dir() / "samples"))
    texts[e.path().filename().string()] = extract::decode_utf8(read_file(e.path()), e.path().string());
  auto slice = [&](const std::string& doc, graph::Span s) {
    const auto& t = texts.at(doc);
    REQUIRE(s.start <= s.end);
    REQUIRE(s.end <= t.size());
    return extract::encode_utf8(std::u32string_view(t).substr(s.start, s.end - s.start));
  };
  std::size_t checked = 0;
  for (const auto* e : g.entities())
    for (const auto& m : e->mentions) {
      CHECK(slice(m.document, m.span) == m.text);
      ++checked;
    }
  for (const auto* st : g.statements())
    for (const auto& ev : st->evidence) {
      CHECK(slice(st->document, ev.span) == ev.text);
      ++checked;
    }
  CHECK(checked > 100);
}

TEST_CASE("output is deterministic and independent of input order and convert round-trips", "[cli][e2e]") {
  const auto dir = temp_dir("cli_determinism");
  REQUIRE(run(ng() + " build" + samples() + " --jsonld " + (dir / "a.jsonld").string() + " --dot " +
                  (dir / "a.dot").string(), dir).status == 0);
  REQUIRE(run(ng() + " build" + samples(true) + " --jsonld " + (dir / "b.jsonld").string() + " --dot " +
                  (dir / "b.dot").string(), dir).status == 0);
  CHECK(read_file(dir / "a.jsonld") == read_file(dir / "b.jsonld"));
  CHECK(read_file(dir / "a.dot") == read_file(dir / "b.dot"));
  REQUIRE(run(ng() + " convert " + (dir / "a.jsonld").string() + " --jsonld " + (dir / "c.jsonld").string() +
                  " --dot " + (dir / "c.dot").string(), dir).status == 0);
  CHECK(read_file(dir / "a.jsonld") == read_file(dir / "c.jsonld"));
  CHECK(read_file(dir / "a.dot") == read_file(dir / "c.dot"));
}

TEST_CASE("build --merge adds articles to a saved graph: same graph as one build", "[cli][e2e]") {
  const auto dir = temp_dir("cli_merge");
  const auto s = source_dir() / "samples";
  REQUIRE(run(ng() + " build" + samples() + " --jsonld " + (dir / "all.jsonld").string(), dir).status == 0);
  REQUIRE(run(ng() + " build '" + (s / "000_42ff6afc3866bd43.txt").string() + "' '" +
                  (s / "003_8a494747e9bcd9b5.txt").string() + "' --jsonld " + (dir / "part.jsonld").string(), dir)
              .status == 0);
  REQUIRE(run(ng() + " build --merge " + (dir / "part.jsonld").string() + " '" +
                  (s / "001_38876f1d0978ff63.txt").string() + "' '" + (s / "002_683981210742a10c.txt").string() +
                  "' '" + (s / "004_b72e3dc6bf515e6d.txt").string() + "' --jsonld " + (dir / "merged.jsonld").string(),
              dir).status == 0);
  // Documents read back from JSON-LD carry no text, so compare the graphs, not the documents' text.
  CHECK(read_file(dir / "all.jsonld") == read_file(dir / "merged.jsonld"));
}

TEST_CASE("with no output option, build prints counts per entity type and relation", "[cli]") {
  const auto dir = temp_dir("cli_summary");
  const auto r = run(ng() + " build '" + (source_dir() / "samples").string() + "'", dir);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("5 documents") != std::string::npos);
  CHECK(r.out.find("Person") != std::string::npos);
  CHECK(r.out.find("negotiates") != std::string::npos);
}

TEST_CASE("exit statuses are 0 for ok and 1 for bad input naming the file and 2 for usage", "[cli]") {
  const auto dir = temp_dir("cli_exit");
  SECTION("missing file") {
    const auto r = run(ng() + " build " + (dir / "nope.txt").string(), dir);
    CHECK(r.status == 1);
    CHECK(r.err.find("nope.txt") != std::string::npos);
  }
  SECTION("unknown option") {
    const auto r = run(ng() + " build --no-such-option x.txt", dir);
    CHECK(r.status == 2);
    CHECK(r.err.find("no-such-option") != std::string::npos);
  }
  SECTION("no subcommand") { CHECK(run(ng(), dir).status == 2); }
  SECTION("help on every subcommand") {
    for (const char* sub : {"build", "convert", "lint"}) {
      const auto r = run(ng() + " " + sub + " --help", dir);
      INFO(sub);
      CHECK(r.status == 0);
      CHECK(r.out.find("Usage") != std::string::npos);
    }
  }
  SECTION("bad --date") { CHECK(run(ng() + " build x.txt --date 2024/01/01", dir).status == 2); }
  SECTION("convert of a file that is not JSON-LD") {
    write_file(dir / "bad.jsonld", "{\"@context\": ");
    const auto r = run(ng() + " convert " + (dir / "bad.jsonld").string(), dir);
    CHECK(r.status == 1);
    CHECK(r.err.find("bad.jsonld:1:") != std::string::npos);
  }
}

TEST_CASE("a broken article is reported and skipped and --strict makes it fatal and writes nothing", "[cli]") {
  const auto dir = temp_dir("cli_batch");
  write_file(dir / "broken.txt", std::string("\xd8\xa7\xff\xfe", 4));
  write_file(dir / "empty.txt", "  \n");
  write_file(dir / "binary.txt", std::string("PK\x03\x04\0\0", 6));
  write_file(dir / "good.txt", "قال السوداني إن العراق يريد انسحاب قوات التحالف.\n");
  const std::string files = " " + (dir / "broken.txt").string() + " " + (dir / "empty.txt").string() + " " +
                            (dir / "binary.txt").string() + " " + (dir / "good.txt").string();
  SECTION("batch") {
    const auto r = run(ng() + " build" + files + " --jsonld " + (dir / "g.jsonld").string(), dir);
    CHECK(r.status == 1);
    CHECK(r.err.find("broken.txt") != std::string::npos);
    CHECK(r.err.find("UTF-8") != std::string::npos);
    CHECK(r.err.find("empty") != std::string::npos);
    CHECK(r.err.find("binary") != std::string::npos);
    const auto g = load(dir / "g.jsonld");
    CHECK(g.document_count() == 1);
    CHECK(g.entity("sudani") != nullptr);
  }
  SECTION("strict") {
    const auto r = run(ng() + " build --strict" + files + " --jsonld " + (dir / "s.jsonld").string(), dir);
    CHECK(r.status == 1);
    CHECK_FALSE(std::filesystem::exists(dir / "s.jsonld"));
  }
}

TEST_CASE("lint accepts the project's lexicons and reports broken ones at file:line:col", "[cli][lexicon]") {
  const auto dir = temp_dir("cli_lint");
  CHECK(run(ng() + " lint '" + (source_dir() / "extract" / "lexicons").string() + "'", dir).status == 0);
  write_file(dir / "lex" / "triggers.json",
             "{\n  \"format\": \"newsgraph-triggers\",\n  \"version\": 1,\n  \"triggers\": [\n"
             "    {\"id\": \"x\", \"relation\": \"demandz\", \"frame\": \"verb\", \"forms\": [\"طالب\"], \"confidence\": 0.5}\n"
             "  ]\n}\n");
  write_file(dir / "lex" / "cues.json", "{\"format\": \"newsgraph-cues\", \"version\": 1}\n");
  const auto r = run(ng() + " lint " + (dir / "lex").string(), dir);
  CHECK(r.status == 1);
  CHECK(r.err.find("triggers.json:5:") != std::string::npos);
  CHECK(r.err.find("did you mean 'demands'") != std::string::npos);
  CHECK(r.err.find("cues.json:1:") != std::string::npos);
  CHECK(r.err.find("required") != std::string::npos);
}

TEST_CASE("explain prints every evidence of an edge with document, offsets, rule and confidence", "[cli][explain]") {
  const auto dir = temp_dir("cli_explain");
  write_file(dir / "a.txt", "دعا السوداني التحالف إلى الانسحاب من البلاد.\nوطالب السوداني التحالف بالانسحاب مجددا.\n");
  REQUIRE(run(ng() + " build " + (dir / "a.txt").string() + " --date 2024-01-10 --jsonld " + (dir / "g.jsonld").string(),
              dir).status == 0);
  const auto r = run(ng() + " explain " + (dir / "g.jsonld").string() + " sudani demands coalition", dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("sudani -demands-> coalition") != std::string::npos);
  CHECK(r.out.find("a.txt:0-") != std::string::npos);
  CHECK(r.out.find("rule demand_verb") != std::string::npos);
  CHECK(r.out.find("وطالب السوداني التحالف بالانسحاب مجددا.") != std::string::npos);
  SECTION("names work and symmetric order does not matter") {
    const auto by_name = run(ng() + " explain " + (dir / "g.jsonld").string() + " 'السودانى' demands coalition", dir);
    CHECK(by_name.status == 0);
  }
  SECTION("unknown relation, with a suggestion") {
    const auto bad = run(ng() + " explain " + (dir / "g.jsonld").string() + " sudani demandz coalition", dir);
    CHECK(bad.status == 1);
    CHECK(bad.err.find("did you mean 'demands'") != std::string::npos);
  }
  SECTION("no such edge") {
    CHECK(run(ng() + " explain " + (dir / "g.jsonld").string() + " coalition demands sudani", dir).status == 1);
  }
}
