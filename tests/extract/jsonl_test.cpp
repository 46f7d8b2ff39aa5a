// JSON Lines of articles and of document graphs (extract/document_jsonl.h): exact round trips on the
// samples and on constructed values, and bad lines reported at path:line:column.
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "extract/document_extractor.h"
#include "extract/document_jsonl.h"
#include "graph/diagnostic.h"
#include "graph/knowledge_graph.h"

namespace graph = newsgraph::graph;
namespace extract = newsgraph::extract;

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void check_equal(const graph::DocumentGraph& a, const graph::DocumentGraph& b) {
  CHECK(a.document.id == b.document.id);
  CHECK(a.document.date == b.document.date);
  CHECK(a.document.headline == b.document.headline);
  REQUIRE(a.entities.size() == b.entities.size());
  for (std::size_t i = 0; i < a.entities.size(); ++i) {
    const auto &x = a.entities[i], &y = b.entities[i];
    INFO(x.id);
    CHECK(x.id == y.id);
    CHECK(x.type == y.type);
    CHECK(x.name_ar == y.name_ar);
    CHECK(x.name_en == y.name_en);
    CHECK(x.aliases == y.aliases);
    CHECK(x.wikidata == y.wikidata);
    CHECK(same_bits(x.confidence, y.confidence));
    CHECK(x.mentions == y.mentions);
  }
  REQUIRE(a.statements.size() == b.statements.size());
  for (std::size_t i = 0; i < a.statements.size(); ++i) {
    const auto &x = a.statements[i], &y = b.statements[i];
    INFO(x.subject << " " << x.relation << " " << x.object);
    CHECK(graph::key_of(x) == graph::key_of(y));
    CHECK(x.modality == y.modality);
    CHECK(same_bits(x.confidence, y.confidence));
    CHECK(x.cameo == y.cameo);
    CHECK(x.role == y.role);
    CHECK(x.quantity == y.quantity);
    CHECK(x.date == y.date);
    REQUIRE(x.evidence.size() == y.evidence.size());
    for (std::size_t k = 0; k < x.evidence.size(); ++k) {
      CHECK(x.evidence[k].span == y.evidence[k].span);
      CHECK(x.evidence[k].text == y.evidence[k].text);
      CHECK(x.evidence[k].rule == y.evidence[k].rule);
      CHECK(same_bits(x.evidence[k].confidence, y.evidence[k].confidence));
    }
  }
}

}  // namespace

TEST_CASE("document graphs of the samples round-trip exactly through one JSON line each", "[extract][jsonl]") {
  static const extract::DocumentExtractor extractor;
  std::size_t statements = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(NEWSGRAPH_SOURCE_DIR) / "samples")) {
    if (entry.path().extension() != ".txt") continue;
    const auto dg = extractor.extract(entry.path().filename().string(), slurp(entry.path()));
    const auto line = extract::document_graph_line(dg);
    INFO(entry.path().filename().string());
    CHECK(line.find('\n') == std::string::npos);
    const auto back = extract::parse_document_graph_line("x.jsonl", 1, line);
    check_equal(dg, back);
    CHECK(extract::document_graph_line(back) == line);
    statements += dg.statements.size();
  }
  CHECK(statements > 10);
}

TEST_CASE("constructed values with awkward fields round-trip", "[extract][jsonl]") {
  graph::DocumentGraph dg;
  dg.document = {"a \"b\"\\c.txt", "2024-02-29", "عنوان\tمع «اقتباس»"};
  graph::Entity e{.id = "x", .type = graph::EntityType::Person, .name_ar = "س", .name_en = "X \"the\" one",
                  .aliases = {"أ", "ب"}, .wikidata = "Q1", .confidence = 0.1 + 0.2, .mentions = {}};
  e.mentions.push_back({dg.document.id, {0, 3}, "عنو", graph::MentionKind::Role});
  e.mentions.push_back({"other.txt", {5, 5}, "", graph::MentionKind::Name});
  graph::Entity f{.id = "y", .type = graph::EntityType::Place, .name_ar = "", .name_en = "", .aliases = {},
                  .wikidata = "", .confidence = 1.0 / 3.0, .mentions = {}};
  dg.entities = {e, f};
  graph::Statement s;
  s.subject = "x";
  s.relation = "attacks";
  s.object = "y";
  s.document = dg.document.id;
  s.polarity = graph::Polarity::Negative;
  s.modality = graph::Modality::Future;
  s.confidence = 0.7000000000000001;
  s.quantity = -9007199254740993LL;
  s.date = "2024-03-01";
  s.evidence.push_back({{1, 2}, "ن\n", "rule", 5e-324});
  dg.statements.push_back(s);
  s.relation = "meets";
  s.quantity.reset();
  s.document = "elsewhere.txt";
  s.evidence.clear();
  dg.statements.push_back(s);
  const auto back = extract::parse_document_graph_line("x.jsonl", 3, extract::document_graph_line(dg));
  check_equal(dg, back);
  CHECK(back.entities[0].mentions[1].document == "other.txt");
  CHECK(back.statements[1].document == "elsewhere.txt");
}

TEST_CASE("article lines round-trip and default their date", "[extract][jsonl]") {
  const extract::Article a{"a.txt", "2023-10-07", "سطر\nسطر \"ثان\"\r\n\\"};
  const auto line = extract::article_line(a);
  CHECK(line.find('\n') == std::string::npos);
  const auto back = extract::parse_article_line("in.jsonl", 1, line);
  CHECK(back.id == a.id);
  CHECK(back.date == a.date);
  CHECK(back.text == a.text);
  const auto undated = extract::parse_article_line("in.jsonl", 1, R"({"id":"b.txt","text":"نص"})");
  CHECK(undated.date.empty());
}

TEST_CASE("bad article lines are InputErrors at path:line:column", "[extract][jsonl]") {
  using Case = std::pair<std::string, std::string>;  // line, words of the message
  const auto c = GENERATE(Case{R"({"id":"a","text":)", "invalid JSON"}, Case{R"([1,2])", "expected a JSON object"},
                          Case{R"({"text":"x"})", "missing member \"id\""}, Case{R"({"id":"","text":"x"})", "must not be empty"},
                          Case{R"({"id":"a","text":7})", "\"text\" must be a string"},
                          Case{R"({"id":"a","date":"7 Oct","text":"x"})", "YYYY-MM-DD"},
                          Case{"{\"id\":\"a\",\"text\":\"\xff\"}",
                               "invalid UTF-8 (byte that never occurs in UTF-8) at byte 18 of the line"},
                          Case{R"({"id":"a","text":"\udc00"})", "invalid JSON: the escape of a UTF-16 low surrogate"},
                          Case{R"({"id":"a","text":)" + std::string(1000, '['), "nested too deeply"});
  INFO(c.first);
  try {
    extract::parse_article_line("in.jsonl", 42, c.first);
    FAIL("accepted");
  } catch (const graph::InputError& e) {
    const auto text = e.diagnostic().format();
    INFO(text);
    CHECK(text.rfind("in.jsonl:42:", 0) == 0);
    CHECK(text.find(c.second) != std::string::npos);
  }
}

TEST_CASE("bad document lines are InputErrors naming what is wrong", "[extract][jsonl]") {
  const std::string ok_entity = R"({"id":"x","type":"Person","confidence":1,"mentions":[]})";
  using Case = std::pair<std::string, std::string>;
  const auto c = GENERATE_COPY(
      Case{R"({"entities":[]})", "missing member \"document\""},
      Case{R"({"document":{"id":"d"},"entities":[{"id":"x","type":"Animal","confidence":1}]})", "unknown entity type"},
      Case{R"({"document":{"id":"d"},"entities":[{"id":"x","type":"Person"}]})", "missing member \"confidence\""},
      Case{R"({"document":{"id":"d"},"entities":[{"id":"x","type":"Person","confidence":1,"mentions":[{"start":4,"end":2,"text":"","kind":"name"}]}]})",
           "\"end\" is before \"start\""},
      Case{R"({"document":{"id":"d"},"entities":[{"id":"x","type":"Person","confidence":1,"mentions":[{"start":-1,"end":2,"text":"","kind":"name"}]}]})",
           "code point offset"},
      Case{R"({"document":{"id":"d"},"entities":[)" + ok_entity +
               R"(],"statements":[{"subject":"x","relation":"attacks","object":"nobody","polarity":"positive","modality":"asserted","confidence":1}]})",
           "'nobody' is not an entity of this line"},
      Case{R"({"document":{"id":"d"},"entities":[)" + ok_entity +
               R"(],"statements":[{"subject":"x","relation":"likes","object":"x","polarity":"positive","modality":"asserted","confidence":1}]})",
           "'likes' is not in the ontology"},
      Case{R"({"document":{"id":"d"},"entities":[)" + ok_entity +
               R"(],"statements":[{"subject":"x","relation":"attacks","object":"x","polarity":"maybe","modality":"asserted","confidence":1}]})",
           "unknown polarity"},
      Case{R"({"document":{"id":"d"},"entities":[)" + ok_entity +
               R"(],"statements":[{"subject":"x","relation":"attacks","object":"x","polarity":"positive","modality":"asserted","confidence":1,"quantity":1.5}]})",
           "must be an integer"},
      Case{R"({"document":{"id":"d"},"entities":{}})", "\"entities\" must be an array"});
  INFO(c.first);
  try {
    extract::parse_document_graph_line("g.jsonl", 9, c.first);
    FAIL("accepted");
  } catch (const graph::InputError& e) {
    const auto text = e.diagnostic().format();
    INFO(text);
    CHECK(text.rfind("g.jsonl:9:", 0) == 0);
    CHECK(text.find(c.second) != std::string::npos);
  }
}
