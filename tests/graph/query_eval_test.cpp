// Evaluator tests on a hand-built graph (every pattern shape, WHERE operator and RETURN feature),
// binder errors with suggestions, and result formatting.
#include <catch2/catch.hpp>

#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "graph/diagnostic.h"
#include "graph/knowledge_graph.h"
#include "graph/query/query.h"

using namespace newsgraph::graph;
using query::Value;

namespace {

Statement statement(std::string subject, std::string relation, std::string object, std::string document,
                     double confidence, std::string date, int evidence, Polarity polarity = Polarity::Positive,
                     Modality modality = Modality::Asserted) {
  Statement s;
  s.subject = std::move(subject);
  s.relation = std::move(relation);
  s.object = std::move(object);
  s.document = std::move(document);
  s.polarity = polarity;
  s.modality = modality;
  s.date = std::move(date);
  for (int i = 0; i < evidence; ++i)
    s.evidence.push_back(Evidence{{static_cast<std::uint32_t>(i * 10), static_cast<std::uint32_t>(i * 10 + 5)},
                                  "sentence " + std::to_string(i), "rule", confidence});
  return s;
}

// kataib -demands-> coalition -negotiates- sudani -meets- albares -affiliated_with-> spain
// kataib -attacks-> us_forces -deploys_to-> iraq <-leads- sudani ; sudani -demands-> coalition (+ and -)
KnowledgeGraph sample_graph() {
  KnowledgeGraph g;
  for (const char* d : {"a.txt", "b.txt", "c.txt", "d.txt"}) g.add_document(Document{d, "2024-01-01", ""});
  auto entity = [&](std::string id, EntityType type, std::string ar, std::string en) {
    Entity e;
    e.id = std::move(id);
    e.type = type;
    e.name_ar = std::move(ar);
    e.name_en = std::move(en);
    g.add_entity(e);
  };
  entity("sudani", EntityType::Person, "محمد شياع السوداني", "Mohammed Shia al-Sudani");
  entity("albares", EntityType::Person, "خوسيه مانويل ألباريس", "José Manuel Albares");
  entity("iraq", EntityType::Country, "العراق", "Iraq");
  entity("spain", EntityType::Country, "إسبانيا", "Spain");
  entity("coalition", EntityType::Organization, "التحالف الدولي", "International coalition");
  entity("kataib", EntityType::Organization, "كتائب حزب الله", "");
  entity("us_forces", EntityType::Organization, "القوات الأمريكية", "US forces");
  entity("baghdad", EntityType::Place, "بغداد", "Baghdad");
  g.add_statement(statement("kataib", "demands", "coalition", "a.txt", 0.9, "2024-01-10", 2));
  g.add_statement(statement("sudani", "demands", "coalition", "b.txt", 0.7, "2024-02-01", 1, Polarity::Positive,
                            Modality::Reported));
  g.add_statement(statement("sudani", "demands", "coalition", "c.txt", 0.8, "2024-03-01", 1, Polarity::Negative,
                            Modality::Future));
  g.add_statement(statement("kataib", "attacks", "us_forces", "a.txt", 0.8, "2024-01-28", 1));
  g.add_statement(statement("albares", "meets", "sudani", "d.txt", 0.95, "", 1));
  g.add_statement(statement("albares", "affiliated_with", "spain", "d.txt", 1.0, "", 1));
  g.add_statement(statement("sudani", "leads", "iraq", "b.txt", 1.0, "", 2));
  g.add_statement(statement("us_forces", "deploys_to", "iraq", "a.txt", 0.6, "2024-01-05", 1));
  g.add_statement(statement("coalition", "negotiates", "sudani", "b.txt", 0.75, "", 1));
  g.add_statement(statement("kataib", "threatens", "us_forces", "c.txt", 0.5, "", 1, Polarity::Negative));
  return g;
}

// Rows as text, "a|b" per row, for compact expectations.
std::vector<std::string> rows(const query::ResultSet& r) {
  std::vector<std::string> out;
  for (const auto& row : r.rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) line += "|";
      line += std::holds_alternative<std::monostate>(row[i]) ? "null" : query::to_text(row[i]);
    }
    out.push_back(line);
  }
  return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

struct EvalCase {
  const char* query;
  std::vector<std::string> expected;
  bool ordered;
};

}  // namespace

TEST_CASE("the evaluator answers every query shape", "[query][eval]") {
  const auto g = sample_graph();
  const auto c = GENERATE(values<EvalCase>({
      // labels, property maps, counts
      {"MATCH (a:Person) RETURN count(*)", {"2"}, true},
      {"MATCH (a:Place) RETURN a.id, a.type, a.name_en", {"baghdad|Place|Baghdad"}, true},
      {"MATCH (a {id: 'sudani'})-[:demands]->(b) RETURN b.id", {"coalition"}, true},
      {"MATCH (a)-[:demands]->(b {id: 'coalition'}) RETURN a.id ORDER BY a.id", {"kataib", "sudani"}, true},
      // alternatives and relation names
      {"MATCH (a {id: 'kataib'})-[r:attacks|demands]->(b) RETURN r.relation, b.id ORDER BY b.id DESC",
       {"attacks|us_forces", "demands|coalition"}, true},
      // direction: incoming, undirected, symmetric relations found from both ends
      {"MATCH (a {id: 'iraq'})<-[r]-(b) RETURN b.id, r.relation ORDER BY b.id", {"sudani|leads", "us_forces|deploys_to"}, true},
      {"MATCH (a {id: 'sudani'})-[:meets]-(b) RETURN b.id", {"albares"}, true},
      {"MATCH (a {id: 'albares'})-[:meets]-(b) RETURN b.id", {"sudani"}, true},
      {"MATCH (a {id: 'sudani'})-[:meets]->(b) RETURN b.id", {}, true},
      {"MATCH (a {id: 'sudani'})-[r]-(b) RETURN b.id, r.relation ORDER BY r.relation",
       {"iraq|leads", "albares|meets", "coalition|negotiates", "coalition|demands"}, false},
      // variable length (trails) and shortest paths
      {"MATCH (a {id: 'kataib'})-[*1..2]->(b) RETURN DISTINCT b.id ORDER BY b.id",
       {"coalition", "iraq", "sudani", "us_forces"}, true},
      {"MATCH (a {id: 'kataib'})-[r*2]->(b) RETURN b.id, length(r) ORDER BY b.id", {"iraq|2", "iraq|2", "sudani|2"}, true},
      {"MATCH (a {id: 'spain'})<-[:affiliated_with|meets*]-(b) RETURN b.id", {"albares"}, true},
      {"MATCH (a {id: 'spain'})-[:affiliated_with|meets*]-(b) RETURN b.id ORDER BY b.id", {"albares", "sudani"}, true},
      {"MATCH p = shortestPath((a {id: 'kataib'})-[*..5]-(b {id: 'spain'})) RETURN length(p)", {"4"}, true},
      {"MATCH p = shortestPath((a {id: 'kataib'})-[*..3]-(b {id: 'spain'})) RETURN length(p)", {}, true},
      {"MATCH shortestPath((a {id: 'kataib'})-[r*]->(b)) RETURN b.id, length(r) ORDER BY b.id",
       {"coalition|1", "iraq|2", "sudani|2", "us_forces|1"}, true},
      // from the constrained right-hand end, walking backwards
      {"MATCH shortestPath((a)-[r*]->(b {id: 'iraq'})) RETURN a.id, length(r) ORDER BY a.id",
       {"albares|2", "coalition|2", "kataib|2", "sudani|1", "us_forces|1"}, true},
      {"MATCH p = shortestPath((a:Person)-[*..6]-(b {id: 'kataib'})) RETURN a.id, length(p) ORDER BY a.id",
       {"albares|3", "sudani|2"}, true},
      // comma-separated patterns join on shared variables
      {"MATCH (a)-[:demands]->(c), (a)-[:attacks]->(t) RETURN a.id, c.id, t.id", {"kataib|coalition|us_forces"}, true},
      {"MATCH (a:Country), (b:Place) RETURN count(*)", {"2"}, true},
      // WHERE operators
      {"MATCH (a) WHERE a.name CONTAINS 'السودانى' RETURN a.id", {"sudani"}, true},
      {"MATCH (a {name: 'محمد شياع السودانى'}) RETURN a.id", {"sudani"}, true},
      {"MATCH (a) WHERE a.name = 'خوسيه مانويل الباريس' RETURN a.id", {"albares"}, true},
      {"MATCH (a) WHERE a.name STARTS WITH 'اسبان' RETURN a.id", {"spain"}, true},
      {"MATCH (a) WHERE a.name IN ['العراق', 'بغداد'] RETURN a.id ORDER BY a.id", {"baghdad", "iraq"}, true},
      {"MATCH (a) WHERE a.id STARTS WITH 'us' OR a.id ENDS WITH 'ain' RETURN a.id ORDER BY a.id", {"spain", "us_forces"}, true},
      {"MATCH (a:Organization) WHERE NOT a.name_en = 'US forces' RETURN a.id", {"coalition"}, true},
      {"MATCH (a:Organization) WHERE a.name_en IS NULL RETURN a.id", {"kataib"}, true},
      {"MATCH (a)-[r]->(b) WHERE r.confidence >= 0.9 AND r.evidence > 1 RETURN a.id, b.id ORDER BY a.id",
       {"kataib|coalition", "sudani|iraq"}, true},
      {"MATCH (a)-[r]->(b) WHERE r.date < '2024-01-20' RETURN r.relation ORDER BY r.relation", {"demands", "deploys_to"}, true},
      {"MATCH (a)-[r]->(b) WHERE r.polarity = 'negative' RETURN r.relation", {"threatens"}, true},
      {"MATCH (a {id: 'sudani'})-[r:demands]->(b) RETURN r.polarity, r.modality, r.confidence, r.evidence, r.date, r.document",
       {"positive|reported|0.8|2|2024-02-01|b.txt"}, true},
      {"MATCH (a)-[r:demands]->(b) WHERE r.document CONTAINS 'c.txt' RETURN a.id", {"sudani"}, true},
      {"MATCH (a)-[r:demands]->(b) WHERE r.document = 'c.txt' RETURN a.id", {}, true},
      {"MATCH (a)-[r {modality: 'asserted'}]->(b {id: 'us_forces'}) RETURN a.id, r.relation ORDER BY r.relation",
       {"kataib|attacks", "kataib|threatens"}, true},
      {"MATCH (a) WHERE a.id = 1 OR a.id < 2 RETURN a.id", {}, true},
      // WHERE conjuncts on one variable are checked early; a.id = '...' starts the match there
      {"MATCH (a)-[r]->(b) WHERE a.id = 'kataib' AND r.relation = 'attacks' RETURN b.id", {"us_forces"}, true},
      {"MATCH (a)-[r]->(b) WHERE 'us_forces' = b.id AND r.evidence >= 1 RETURN a.id, r.relation ORDER BY r.relation",
       {"kataib|attacks", "kataib|threatens"}, true},
      {"MATCH (a)-[r]->(b) WHERE a.id = 'kataib' AND (b.id = 'coalition' OR r.relation = 'threatens') RETURN b.id "
       "ORDER BY b.id", {"coalition", "us_forces"}, true},
      {"MATCH (a)-[r]->(b) WHERE a.id = 'kataib' AND a.id = 'sudani' RETURN b.id", {}, true},
      {"MATCH (a)-[r]->(b) WHERE a.id = b.id OR NOT a.id <> 'albares' RETURN b.id ORDER BY b.id", {"spain", "sudani"}, true},
      // RETURN: aliases, DISTINCT, counts and grouping, ORDER BY, SKIP, LIMIT
      {"MATCH (a)-[r]->(b) RETURN r.relation AS rel, count(*) AS n ORDER BY n DESC, rel LIMIT 3",
       {"demands|2", "affiliated_with|1", "attacks|1"}, true},
      {"MATCH (a)-[r]->(b) RETURN a.type, count(DISTINCT a) AS people, count(b.name_en) ORDER BY a.type",
       {"Organization|3|5", "Person|2|4"}, true},
      {"MATCH (a:Organization) RETURN count(a.name_en), count(*)", {"2|3"}, true},
      {"MATCH (a {id: 'nobody'}) RETURN count(*)", {"0"}, true},
      {"MATCH (a {id: 'nobody'}) RETURN a.id, count(*)", {}, true},
      {"MATCH (a)-[]->(b) RETURN DISTINCT a.type ORDER BY a.type", {"Organization", "Person"}, true},
      {"MATCH (a) RETURN a.id ORDER BY a.name_en SKIP 1 LIMIT 3", {"coalition", "iraq", "albares"}, true},
      {"MATCH (a) RETURN a.name_en ORDER BY a.name_en DESC LIMIT 2", {"null", "US forces"}, true},
      {"MATCH (a) RETURN a.id ORDER BY a.id SKIP 7", {"us_forces"}, true},
      {"MATCH (a) RETURN a.id LIMIT 0", {}, true},
      {"MATCH (a {id: 'kataib'})-[r:attacks]->(b) RETURN a, r, 'x', 1.5, -2, true, null",
       {"kataib|kataib-attacks->us_forces|x|1.5|-2|true|null"}, true},
  }));
  INFO(c.query);
  const auto result = query::run(c.query, g);
  if (c.ordered) CHECK(rows(result) == c.expected);
  else CHECK(sorted(rows(result)) == sorted(c.expected));
}

TEST_CASE("results say which entities and relationships matched", "[query][eval]") {
  const auto g = sample_graph();
  query::EvaluateOptions options;
  options.collect_subgraph = true;
  const auto r =
      query::Query::parse("MATCH (a {id: 'kataib'})-[*2]->(b {id: 'iraq'}) RETURN count(*)").bind().evaluate(g, options);
  CHECK(query::run("MATCH (a {id: 'kataib'})-[*2]->(b {id: 'iraq'}) RETURN count(*)", g).matched_entities.empty());
  CHECK(r.matched_entities == std::vector<std::string>{"iraq", "kataib", "us_forces"});
  using Rel = std::tuple<std::string, std::string, std::string>;
  CHECK(r.matched_relationships == std::vector<Rel>{{"kataib", "attacks", "us_forces"},
                                                   {"kataib", "threatens", "us_forces"},
                                                   {"us_forces", "deploys_to", "iraq"}});
  CHECK(r.columns == std::vector<std::string>{"count(*)"});

  const auto sub = query::subgraph_of(g, r);
  CHECK(sub.entity_count() == 3);
  CHECK(sub.relationship_count() == 3);
  CHECK(sub.statement_count() == 3);
  CHECK(sub.entity("kataib")->name_ar == "كتائب حزب الله");
  CHECK(sub.document("a.txt") != nullptr);
  CHECK(sub.document("b.txt") == nullptr);
}

namespace {

struct BindError {
  const char* query;
  const char* message;
  std::size_t column;
  const char* fragment;
};

}  // namespace

TEST_CASE("the binder rejects unknown names with a suggestion", "[query][binder][errors]") {
  const auto c = GENERATE(values<BindError>({
      {"MATCH (a:Persn) RETURN a", "unknown label 'Persn' (did you mean 'Person'?); labels are Country, Organization, "
                                   "Person, Place", 10, "Persn"},
      {"MATCH (a)-[:demand]->(b) RETURN a", "unknown relation 'demand' (did you mean 'demands'?)", 13, "demand"},
      {"MATCH (a)-[:frobs]->(b) RETURN a", "unknown relation 'frobs'", 13, "frobs"},
      {"MATCH (a) RETURN a.nme", "unknown node property 'nme' (did you mean 'name'?); node properties are id, type, "
                                 "name, name_en", 20, "nme"},
      {"MATCH (a)-[r]->(b) WHERE r.confidense > 1 RETURN a",
       "unknown relationship property 'confidense' (did you mean 'confidence'?); relationship properties are relation, "
       "polarity, modality, confidence, date, document, evidence", 28, "confidense"},
      {"MATCH (a {idd: 'x'}) RETURN a", "unknown node property 'idd' (did you mean 'id'?); node properties are id, "
                                        "type, name, name_en", 11, "idd"},
      {"MATCH (a) RETURN b.id", "unknown variable 'b' (did you mean 'a'?)", 18, "b.id"},
      {"MATCH (a) RETURN zzz.id", "unknown variable 'zzz'", 18, "zzz.id"},
      {"MATCH (abc) RETURN abd", "unknown variable 'abd' (did you mean 'abc'?)", 20, "abd"},
      {"MATCH (a)-[r*]->(b) RETURN r.relation", "'r' is a variable-length relationship and has no properties: use "
                                                "length(r)", 28, "r.relation"},
      {"MATCH (a) RETURN length(a)", "length() takes a path or variable-length relationship, and 'a' is a node", 25, "a"},
      {"MATCH (a)-[r]->(r) RETURN a", "variable 'r' is already a relationship", 16, "(r)"},
      {"MATCH (a)-[r]->(b), (b)-[r]->(c) RETURN a", "variable 'r' is bound twice (only node variables may repeat)", 24, "-[r]->"},
      {"MATCH (a) WHERE count(*) > 1 RETURN a", "count() is not allowed in WHERE", 17, "count(*)"},
      {"MATCH (a) RETURN count(*) + 1", "expected ',', ORDER BY, SKIP, LIMIT or end of query", 27, "+"},
      {"MATCH (a) RETURN a.id, count(count(*))", "count() cannot be nested", 30, "count(*)"},
      {"MATCH (a) RETURN NOT count(*) = 1", "count() must be a whole RETURN item", 22, "count(*)"},
      {"MATCH (a) RETURN DISTINCT a.id ORDER BY a.name", "with DISTINCT, ORDER BY takes RETURN columns (an alias or a "
                                                         "returned expression)", 41, "a.name"},
      {"MATCH (a) RETURN a.id, a.id", "duplicate RETURN column 'a.id' (add AS to rename it)", 24, "a.id"},
      {"MATCH (a)-[*3..2]->(b) RETURN a", "the lower bound of a variable-length relationship exceeds its upper bound", 10,
       "-[*3..2]->"},
      {"MATCH (a)-[*0..2]->(b) RETURN a", "a variable-length relationship needs at least one hop (*1..)", 10, "-[*0..2]->"},
      {"MATCH shortestPath((a)-->(b)-->(c)) RETURN a", "shortestPath takes one relationship between two nodes: "
                                                       "shortestPath((a)-[*]-(b))", 7, "shortestPath((a)-->(b)-->(c))"},
      {"MATCH (a)-[r]->(b) WHERE r.id = 1 RETURN a", "unknown relationship property 'id'; relationship properties are "
                                                     "relation, polarity, modality, confidence, date, document, evidence",
       28, "id"},
  }));
  INFO(c.query);
  try {
    (void)query::Query::parse(c.query).bind();
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.diagnostic().message == c.message);
    CHECK(e.diagnostic().line == 1);
    CHECK(e.diagnostic().column == c.column);
    CHECK(e.diagnostic().fragment == c.fragment);
  }
}

TEST_CASE("folding matches the extraction rules", "[query][folding]") {
  CHECK(query::fold("أإآٱ") == "اااا");
  CHECK(query::fold("مستشفى") == "مستشفي");
  CHECK(query::fold("الحكومة") == "الحكومه");
  CHECK(query::fold("مُحَمَّد") == "محمد");
  CHECK(query::fold("محـــمد") == "محمد");
  CHECK(query::fold("ﻻ") == "لا");  // NFKC: presentation form
  CHECK(query::fold("plain ASCII") == "plain ASCII");
  CHECK(query::fold(query::fold("إسبانيا")) == query::fold("إسبانيا"));
  CHECK(query::fold("٢٠٢٤ و۱۲") == "2024 و12");  // Arabic-Indic and extended digits
  CHECK(query::fold("ک\u200Fی") == "كي");       // a format character removed between mapped letters
  // Ill-formed UTF-8 (validated inputs never have it): each bad sequence becomes U+FFFD.
  CHECK(query::fold("\xD8أ\xFF") == "\xEF\xBF\xBDا\xEF\xBF\xBD");
}

TEST_CASE("results render as a table, JSON and CSV", "[query][format]") {
  const auto g = sample_graph();
  const auto r = query::run("MATCH (a:Country) RETURN a.id AS id, a.name, a.name_en ORDER BY id", g);
  CHECK(query::format_json(r) ==
        "[\n  {\"id\": \"iraq\", \"a.name\": \"العراق\", \"a.name_en\": \"Iraq\"},\n"
        "  {\"id\": \"spain\", \"a.name\": \"إسبانيا\", \"a.name_en\": \"Spain\"}\n]\n");
  CHECK(query::format_csv(r) == "id,a.name,a.name_en\r\niraq,العراق,Iraq\r\nspain,إسبانيا,Spain\r\n");
  CHECK(query::format_table(r) ==
        "id    | a.name  | a.name_en\n"
        "------+---------+----------\n"
        "iraq  | العراق  | Iraq\n"
        "spain | إسبانيا | Spain\n"
        "(2 rows)\n");
  const auto counts = query::run("MATCH (a {id: 'kataib'}) RETURN a.name_en, count(*) AS n", g);
  CHECK(query::format_json(counts) == "[\n  {\"a.name_en\": null, \"n\": 1}\n]\n");
  CHECK(query::format_csv(query::run("MATCH (a {id: 'x'}) RETURN a.id", g)) == "a.id\r\n");
  CHECK(query::format_json(query::run("MATCH (a {id: 'x'}) RETURN a.id", g)) == "[]\n");
}

TEST_CASE("random queries parse, bind and run or fail with a diagnostic, never a crash", "[query][eval][errors]") {
  // Queries glued from valid and invalid fragments (fixed seed): every outcome is rows or InputError.
  const auto g = sample_graph();
  const char* patterns[] = {"(a)", "(a:Person)", "(a {id: 'kataib'})", "(a)-[r]->(b)", "(a)<-[r:attacks|demands]-(b)",
                            "(a)-[r*1..3]-(b)", "(a)-[*]->(b)", "p = shortestPath((a)-[*..4]-(b))", "(a)-->(a)",
                            "(a)-[r]-(b), (b)-[s]-(c)", "(a:Persn)", "(a)-[:nope]->(b)", "(a)-[r*0..2]->(b)",
                            "shortestPath((a)-[r]-(b))"};
  const char* wheres[] = {"", " WHERE a.id = 'x'", " WHERE r.confidence > 0.5", " WHERE NOT a.name CONTAINS 'ال'",
                          " WHERE a.id IN ['kataib', null]", " WHERE b.name_en IS NULL OR a.type = 'Person'",
                          " WHERE length(p) > 1", " WHERE c.id = a.id", " WHERE a.id < 1", " WHERE r.document STARTS WITH 'a'"};
  const char* returns[] = {" RETURN a.id", " RETURN count(*)", " RETURN DISTINCT a.type, count(b)", " RETURN r.relation",
                           " RETURN length(p)", " RETURN a, b ORDER BY a DESC SKIP 1 LIMIT 3", " RETURN count(DISTINCT c.id)",
                           " RETURN a.id AS x ORDER BY a.name", " RETURN DISTINCT a.id ORDER BY a.id LIMIT 0"};
  std::mt19937 rng(31337);
  int ran = 0, rejected = 0;
  for (int i = 0; i < 1500; ++i) {
    const std::string text = std::string("MATCH ") + patterns[rng() % std::size(patterns)] +
                             wheres[rng() % std::size(wheres)] + returns[rng() % std::size(returns)];
    INFO(text);
    try {
      const auto r = query::run(text, g);
      for (const auto& row : r.rows) CHECK(row.size() == r.columns.size());
      ++ran;
    } catch (const InputError& e) {
      CHECK(e.diagnostic().line == 1);
      CHECK(!e.diagnostic().message.empty());
      ++rejected;
    }
  }
  CHECK(ran > 300);
  CHECK(rejected > 300);
}
