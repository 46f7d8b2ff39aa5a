// GraphML export (Boost.Graph's write_graphml) read by networkx, and the JSON-LD and N-Quads read by
// rdflib: real consumers, through /usr/bin/python3 and the scripts in tests/py/. A missing Python module
// fails the test with the Debian package to install.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include <map>
#include <set>
#include <string>
#include <tuple>

#include "export/graphml_writer.h"
#include "export/jsonld_reader.h"
#include "export/jsonld_writer.h"
#include "export/nquads_writer.h"
#include "tests/test_support.h"

namespace {

using namespace newsgraph;
namespace testing = newsgraph::testing;

graph::KnowledgeGraph small_graph() {
  graph::KnowledgeGraph g;
  g.add_document({"a.txt", "2024-03-01", ""});
  g.add_document({"b.txt", "", ""});
  graph::Entity sudani{"sudani", graph::EntityType::Person, "محمد شياع السوداني", "Mohammed <Shia> al-Sudani & co",
                       {}, "", 1.0, {}};
  sudani.mentions = {{"a.txt", {0, 8}, "السوداني", graph::MentionKind::Name},
                     {"b.txt", {3, 9}, "السوداني", graph::MentionKind::Name}};
  graph::Entity us{"united_states", graph::EntityType::Country, "الولايات المتحدة", "United States", {}, "", 0.75, {}};
  us.mentions = {{"a.txt", {20, 26}, "واشنطن", graph::MentionKind::Name}};
  graph::Entity odd{"odd", graph::EntityType::Organization, "جماعة\x01", "", {}, "", 0.5, {}};
  g.add_entity(sudani);
  g.add_entity(us);
  g.add_entity(odd);
  auto statement = [](std::string s, std::string r, std::string o, std::string doc, graph::Polarity p,
                      graph::Modality m, double c, int evidence) {
    graph::Statement st{s, r, o, doc, p, m, c, "", "", std::nullopt, "", {}};
    for (int i = 0; i < evidence; ++i)
      st.evidence.push_back({{static_cast<std::uint32_t>(10 * i), static_cast<std::uint32_t>(10 * i + 5)}, "جملة", "r", c});
    return st;
  };
  g.add_statement(statement("sudani", "demands", "united_states", "a.txt", graph::Polarity::Positive,
                            graph::Modality::Reported, 0.8, 2));
  g.add_statement(statement("sudani", "demands", "united_states", "b.txt", graph::Polarity::Positive,
                            graph::Modality::Asserted, 0.6, 1));
  g.add_statement(statement("sudani", "demands", "united_states", "b.txt", graph::Polarity::Negative,
                            graph::Modality::Future, 0.5, 1));
  g.add_statement(statement("united_states", "attacks", "odd", "a.txt", graph::Polarity::Positive,
                            graph::Modality::Asserted, 0.9, 1));
  return g;
}

// Runs a script of tests/py/ with /usr/bin/python3 and parses its JSON output; FAILs naming the Debian
// package when the module is missing.
rapidjson::Document run_python(const std::string& script, const std::string& args, const std::string& package,
                               const std::filesystem::path& dir) {
  const auto path = testing::source_dir() / "tests/py" / script;
  const auto r = testing::run("/usr/bin/python3 '" + path.string() + "' " + args, dir);
  if (r.status == 127) FAIL("/usr/bin/python3 is missing: apt-get install python3 " + package);
  if (r.status == 3) FAIL("a Python module is missing: apt-get install " + package + "\n" + r.err);
  INFO(r.err);
  REQUIRE(r.status == 0);
  rapidjson::Document doc;
  doc.Parse(r.out.c_str());
  REQUIRE_FALSE(doc.HasParseError());
  return doc;
}

std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

}  // namespace

TEST_CASE("GraphML declares typed keys and is deterministic", "[export][graphml]") {
  const auto g = small_graph();
  const auto xml = exporters::write_graphml(g);
  CHECK(exporters::write_graphml(g) == xml);
  for (const auto* key : {"for=\"node\" attr.name=\"confidence\" attr.type=\"double\"",
                          "for=\"node\" attr.name=\"mentions\" attr.type=\"int\"",
                          "for=\"node\" attr.name=\"name_ar\" attr.type=\"string\"",
                          "for=\"edge\" attr.name=\"evidence\" attr.type=\"int\"",
                          "for=\"edge\" attr.name=\"confidence\" attr.type=\"double\"",
                          "for=\"edge\" attr.name=\"relation\" attr.type=\"string\""}) {
    INFO(key);
    CHECK(xml.find(key) != std::string::npos);
  }
  CHECK(xml.find("edgedefault=\"directed\"") != std::string::npos);
  CHECK(xml.find("Mohammed &lt;Shia&gt; al-Sudani &amp; co") != std::string::npos);
  CHECK(xml.find('\x01') == std::string::npos);  // XML 1.0 forbids it: replaced by U+FFFD
  CHECK(xml.find("جماعة\xEF\xBF\xBD") != std::string::npos);
}

TEST_CASE("networkx reads our GraphML with the nodes, edges and typed attributes we wrote", "[export][graphml][py]") {
  const auto dir = testing::temp_dir("graphml-small");
  const auto g = small_graph();
  testing::write_file(dir / "g.graphml", exporters::write_graphml(g));
  const auto doc = run_python("check_graphml.py", quoted(dir / "g.graphml"), "python3-networkx", dir);
  CHECK(doc["directed"].GetBool());
  CHECK(doc["nodes"].GetInt() == 3);
  CHECK(doc["edges"].GetInt() == 3);  // demands positive, demands negative, attacks

  const auto& nodes = doc["nodes_by_id"];
  const auto& sudani = nodes["sudani"];
  CHECK(std::string(sudani["type"].GetString()) == "Person");
  CHECK(std::string(sudani["name_ar"].GetString()) == "محمد شياع السوداني");
  CHECK(std::string(sudani["name_en"].GetString()) == "Mohammed <Shia> al-Sudani & co");
  CHECK(sudani["mentions"].GetInt() == 2);
  CHECK(nodes["united_states"]["confidence"].GetDouble() == Approx(0.75));
  CHECK(nodes["odd"]["mentions"].GetInt() == 0);

  using Row = std::tuple<std::string, std::string, std::string, std::string, std::string, int, int, double>;
  std::set<Row> edges;
  for (const auto& e : doc["edges_list"].GetArray()) {
    const auto& a = e[2];
    edges.insert({e[0].GetString(), e[1].GetString(), a["relation"].GetString(), a["polarity"].GetString(),
                  a["modality"].GetString(), a["documents"].GetInt(), a["evidence"].GetInt(),
                  a["confidence"].GetDouble()});
  }
  CHECK(edges == std::set<Row>{{"sudani", "united_states", "demands", "positive", "asserted", 2, 3, 0.8},
                               {"sudani", "united_states", "demands", "negative", "future", 1, 1, 0.5},
                               {"united_states", "odd", "attacks", "positive", "asserted", 1, 1, 0.9}});
  const auto& types = doc["node_attributes"];
  CHECK(std::string(types["mentions"][0].GetString()) == "int");
  CHECK(std::string(types["confidence"][0].GetString()) == "float");
  CHECK(std::string(doc["edge_attributes"]["evidence"][0].GetString()) == "int");
}

TEST_CASE("networkx and rdflib read the samples' GraphML, JSON-LD and N-Quads", "[export][graphml][py][samples]") {
  const auto dir = testing::temp_dir("graphml-samples");
  const auto built = testing::run(testing::newsgraph() + " build " + quoted(testing::source_dir() / "samples") +
                                      "/*.txt --jsonld " + quoted(dir / "g.jsonld") + " --graphml " +
                                      quoted(dir / "g.graphml") + " --nquads " + quoted(dir / "g.nq"),
                                  dir);
  INFO(built.err);
  REQUIRE(built.status == 0);
  const auto g = exporters::read_jsonld("g.jsonld", testing::read_file(dir / "g.jsonld"));

  const auto nx = run_python("check_graphml.py", quoted(dir / "g.graphml"), "python3-networkx", dir);
  CHECK(nx["nodes"].GetUint64() == g.entity_count());
  std::set<std::tuple<std::string, std::string, std::string, graph::Polarity>> groups;
  for (const auto* s : g.statements()) groups.insert({s->subject, s->relation, s->object, s->polarity});
  CHECK(nx["edges"].GetUint64() == groups.size());
  for (const auto* e : g.entities()) {
    INFO(e->id);
    REQUIRE(nx["nodes_by_id"].HasMember(e->id.c_str()));
    const auto& node = nx["nodes_by_id"][e->id.c_str()];
    CHECK(node["mentions"].GetUint64() == e->mentions.size());
    CHECK(std::string(node["type"].GetString()) == graph::to_string(e->type));
  }

  const auto rdf = run_python("check_rdflib.py", quoted(dir / "g.jsonld") + " " + quoted(dir / "g.nq"),
                              "python3-rdflib", dir);
  CHECK(rdf["jsonld"].GetUint64() == exporters::count_triples(g));
  CHECK(rdf["nquads"].GetUint64() == exporters::count_triples(g));

  SECTION("convert writes the same N-Quads and GraphML from the saved JSON-LD") {
    const auto converted = testing::run(testing::newsgraph() + " convert " + quoted(dir / "g.jsonld") + " --nquads " +
                                            quoted(dir / "c.nq") + " --graphml " + quoted(dir / "c.graphml"),
                                        dir);
    INFO(converted.err);
    REQUIRE(converted.status == 0);
    CHECK(testing::read_file(dir / "c.nq") == testing::read_file(dir / "g.nq"));
    CHECK(testing::read_file(dir / "c.graphml") == testing::read_file(dir / "g.graphml"));
  }
}
