// N-Quads export: literal escaping and double formatting tables, one line per JSON-LD triple, and two
// real RDF processors (jsonld.js and Oxigraph, tests/js/check_oxigraph.mjs) agreeing that the N-Quads
// and the JSON-LD are the same dataset, on a hand-made graph full of awkward text and on the samples'
// graph, where a SPARQL query answers who demands what of whom.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include "export/jsonld_reader.h"
#include "export/jsonld_writer.h"
#include "export/nquads_writer.h"
#include "tests/test_support.h"

namespace {

using namespace newsgraph;
namespace testing = newsgraph::testing;

// Quotes, backslashes, line breaks, tabs, control characters, an IRI-hostile document name, a
// quantity, a role, a negative statement, Arabic everywhere.
graph::KnowledgeGraph awkward_graph() {
  graph::KnowledgeGraph g;
  g.add_document({"a \"quoted\" #1.txt", "2024-03-01", "عنوان \"بين علامتي تنصيص\"\\ سطر\nثان"});
  g.add_document({"b.txt", "", ""});
  graph::Entity sudani{"sudani", graph::EntityType::Person, "محمد شياع السوداني", "Mohammed Shia' al-\"Sudani\"",
                       {"السوداني", "شياع\tالسوداني"}, "Q56601706", 1.0, {}};
  sudani.mentions = {{"a \"quoted\" #1.txt", {0, 8}, "السوداني", graph::MentionKind::Name},
                     {"b.txt", {3, 9}, "رئيس\r\nالوزراء", graph::MentionKind::Role}};
  graph::Entity us{"united_states", graph::EntityType::Country, "الولايات المتحدة", "United States",
                   {"واشنطن"}, "Q30", 0.875, {}};
  us.mentions = {{"b.txt", {20, 26}, "واشنطن", graph::MentionKind::Name}};
  graph::Entity group{"group_x", graph::EntityType::Organization, "جماعة \x01\x7f غريبة", "", {}, "", 0.123456789, {}};
  group.mentions = {{"b.txt", {30, 36}, "جماعة", graph::MentionKind::Name}};
  g.add_entity(sudani);
  g.add_entity(us);
  g.add_entity(group);
  graph::Statement demands{"sudani", "demands", "united_states", "a \"quoted\" #1.txt", graph::Polarity::Positive,
                           graph::Modality::Reported, 0.9, "102", "", std::nullopt, "2024-03-01", {}};
  demands.evidence = {{{0, 40}, "طالب السوداني \"واشنطن\" بـ\\الانسحاب\nفوراً", "speech_demand", 0.9},
                      {{50, 70}, "وكرر الطلب", "", 0.6}};
  graph::Statement deploys{"united_states", "deploys_to", "group_x", "b.txt", graph::Polarity::Negative,
                           graph::Modality::Future, 0.7, "", "", 2500, "", {}};
  deploys.evidence = {{{10, 30}, "لن تنشر 2500 جندي", "deploy", 0.7}};
  graph::Statement leads{"sudani", "affiliated_with", "group_x", "b.txt", graph::Polarity::Positive,
                         graph::Modality::Asserted, 1.0 / 3.0, "", "Prime Minister", std::nullopt, "", {}};
  leads.evidence = {{{40, 60}, "بصفته رئيساً", "role", 1.0 / 3.0}};
  g.add_statement(demands);
  g.add_statement(deploys);
  g.add_statement(leads);
  return g;
}

std::size_t line_count(const std::string& text) {
  std::size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

// Runs tests/js/check_oxigraph.mjs; FAILs naming the setup step when node or its modules are missing.
testing::RunResult check_with_rdf_processors(const std::filesystem::path& jsonld, const std::filesystem::path& nq,
                                             const std::filesystem::path& dir) {
  const auto script = testing::source_dir() / "tests/js/check_oxigraph.mjs";
  auto r = testing::run("node '" + script.string() + "' '" + jsonld.string() + "' '" + nq.string() + "'", dir);
  if (r.status == 3 || r.status == 127)
    FAIL("node, jsonld.js or oxigraph is missing: run the README's setup (npm install --prefix tests/js)\n" + r.err);
  return r;
}

}  // namespace

TEST_CASE("N-Quads string literals are escaped per the N-Triples grammar", "[export][nquads]") {
  const auto [text, literal] = GENERATE(table<std::string, std::string>({
      {"", "\"\""},
      {"plain", "\"plain\""},
      {"say \"no\"", "\"say \\\"no\\\"\""},
      {"back\\slash", "\"back\\\\slash\""},
      {"line\nbreak\r", "\"line\\nbreak\\r\""},
      {"tab\there\b\f", "\"tab\\there\\b\\f\""},
      {std::string("nul\0x", 5), "\"nul\\u0000x\""},
      {"\x01\x1f\x7f", "\"\\u0001\\u001F\\u007F\""},
      {"السوداني يطالب", "\"السوداني يطالب\""},
  }));
  CHECK(exporters::nquads_string_literal(text) == literal);
}

TEST_CASE("xsd:double literals take JSON-LD's canonical form", "[export][nquads]") {
  const auto [value, lexical] = GENERATE(table<double, std::string>({
      {0.9, "9.0E-1"},
      {1.0, "1.0E0"},
      {0.0, "0.0E0"},
      {0.85, "8.5E-1"},
      {0.123456789, "1.23456789E-1"},
      {1.0 / 3.0, "3.333333333333333E-1"},
      {1234.5, "1.2345E3"},
      {1e-7, "1.0E-7"},
  }));
  CHECK(exporters::canonical_double(value) == lexical);
  CHECK_THROWS_AS(exporters::canonical_double(std::nan("")), std::logic_error);
}

TEST_CASE("N-Quads has one line per JSON-LD triple and is deterministic", "[export][nquads]") {
  const auto g = awkward_graph();
  const auto text = exporters::write_nquads(g);
  CHECK(line_count(text) == exporters::count_triples(g));
  CHECK(exporters::write_nquads(g) == text);
  std::ostringstream streamed;
  exporters::write_nquads(g, streamed);
  CHECK(streamed.str() == text);
  // Read back from the JSON-LD: the same graph gives the same N-Quads.
  const auto again = exporters::read_jsonld("awkward.jsonld", exporters::write_jsonld(g));
  CHECK(exporters::write_nquads(again) == text);
  // Every line is "<subject> <predicate> <object> ." with no raw line break inside.
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    CHECK((line.rfind("<https://", 0) == 0 || line.rfind("_:", 0) == 0));
    CHECK(line.size() > 2);
    CHECK(line.substr(line.size() - 2) == " .");
  }
  CHECK(text.find("<https://w3id.org/newsgraph/vocab#demands>") != std::string::npos);
  CHECK(text.find("<https://w3id.org/newsgraph/document/a%20%22quoted%22%20%231.txt>") != std::string::npos);
  CHECK(text.find("\"2500\"^^<http://www.w3.org/2001/XMLSchema#integer>") != std::string::npos);
  CHECK(text.find("\"Mohammed Shia' al-\\\"Sudani\\\"\"@en") != std::string::npos);
}

TEST_CASE("expand_iri expands the compact IRIs of the JSON-LD with the @context", "[export][nquads]") {
  CHECK(exporters::expand_iri("entity:sudani") == "https://w3id.org/newsgraph/entity/sudani");
  CHECK(exporters::expand_iri("doc:a.txt") == "https://w3id.org/newsgraph/document/a.txt");
  CHECK(exporters::expand_iri("demands") == "https://w3id.org/newsgraph/vocab#demands");
  CHECK(exporters::expand_iri("Statement") == "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement");
  CHECK_THROWS_AS(exporters::expand_iri("nowhere:x"), std::logic_error);
}

TEST_CASE("jsonld.js and Oxigraph read the N-Quads and the JSON-LD as one dataset", "[export][nquads][js]") {
  const auto dir = testing::temp_dir("nquads-awkward");
  const auto g = awkward_graph();
  testing::write_file(dir / "graph.jsonld", exporters::write_jsonld(g));
  testing::write_file(dir / "graph.nq", exporters::write_nquads(g));
  const auto r = check_with_rdf_processors(dir / "graph.jsonld", dir / "graph.nq", dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("\"triples\":" + std::to_string(exporters::count_triples(g))) != std::string::npos);
  CHECK(r.out.find("\"subject\":\"sudani\",\"object\":\"united_states\"") != std::string::npos);

  SECTION("a changed literal is caught") {
    auto text = exporters::write_nquads(g);
    const auto at = text.find("\"newsgraph\"");
    REQUIRE(at != std::string::npos);
    text.replace(at, 11, "\"newsgraph2\"");
    testing::write_file(dir / "bad.nq", text);
    const auto bad = check_with_rdf_processors(dir / "graph.jsonld", dir / "bad.nq", dir);
    CHECK(bad.status == 1);
    CHECK(bad.err.find("newsgraph2") != std::string::npos);
  }
}

TEST_CASE("SPARQL over the samples' N-Quads: who demands what of whom", "[export][nquads][js][samples]") {
  const auto dir = testing::temp_dir("nquads-samples");
  const auto built = testing::run(testing::newsgraph() + " build '" + (testing::source_dir() / "samples").string() +
                                      "'/*.txt --jsonld '" + (dir / "g.jsonld").string() + "' --nquads '" +
                                      (dir / "g.nq").string() + "'",
                                  dir);
  INFO(built.err);
  REQUIRE(built.status == 0);
  const auto jsonld = testing::read_file(dir / "g.jsonld");
  const auto nquads = testing::read_file(dir / "g.nq");
  const auto g = exporters::read_jsonld("g.jsonld", jsonld);
  CHECK(line_count(nquads) == exporters::count_triples(g));
  CHECK(exporters::write_nquads(g) == nquads);

  const auto r = check_with_rdf_processors(dir / "g.jsonld", dir / "g.nq", dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  // Every positive demands statement with evidence is one row of the SPARQL answer, and nothing else.
  std::size_t expected = 0;
  for (const auto* s : g.statements()) {
    if (s->relation != "demands" || s->polarity != graph::Polarity::Positive || s->evidence.empty()) continue;
    ++expected;
    CHECK(r.out.find("\"subject\":\"" + s->subject + "\",\"object\":\"" + s->object + "\"") != std::string::npos);
  }
  CHECK(expected > 0);
  std::size_t rows = 0;
  for (auto at = r.out.find("\"subject\":"); at != std::string::npos; at = r.out.find("\"subject\":", at + 1)) ++rows;
  CHECK(rows == expected);
}
