// DOT export: golden file, parse back with cgraph's agmemread, options, escaping, and the real `dot`
// binary accepting what we write.
#include <graphviz/cgraph.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "export/dot_writer.h"
#include "graph/diagnostic.h"
#include "graph/knowledge_graph.h"
#include "graph/ontology.h"
#include "tests/test_support.h"

namespace newsgraph {
namespace {

using graph::EntityType;
using graph::Modality;
using graph::Polarity;

graph::Entity entity(std::string id, EntityType type, std::string ar, std::string en) {
  graph::Entity e;
  e.id = std::move(id);
  e.type = type;
  e.name_ar = std::move(ar);
  e.name_en = std::move(en);
  return e;
}

graph::Statement statement(std::string subject, std::string relation, std::string object, std::string document,
                           std::size_t evidence, Polarity polarity = Polarity::Positive,
                           Modality modality = Modality::Asserted) {
  graph::Statement s;
  s.subject = std::move(subject);
  s.relation = std::move(relation);
  s.object = std::move(object);
  s.document = std::move(document);
  s.polarity = polarity;
  s.modality = modality;
  s.confidence = 0.8;
  for (std::size_t i = 0; i < evidence; ++i)
    s.evidence.push_back({.span = {static_cast<std::uint32_t>(10 * i), static_cast<std::uint32_t>(10 * i + 9)},
                          .text = "evidence " + std::to_string(i),
                          .rule = "test",
                          .confidence = 0.8});
  return s;
}

std::vector<graph::Entity> small_entities() {
  return {
      entity("sudani", EntityType::Person, "محمد شياع السوداني", "Mohammed Shia al-Sudani"),
      entity("kataib_hezbollah", EntityType::Organization, "كتائب حزب الله", ""),
      entity("united_states", EntityType::Country, "الولايات المتحدة", "United States"),
      entity("baghdad", EntityType::Place, "بغداد", "Baghdad"),
      entity("austin", EntityType::Person, "لويد أوستن", "Lloyd Austin"),
      entity("albares", EntityType::Person, "خوسيه مانويل ألباريس", "José Manuel Albares"),  // no edge
  };
}

std::vector<graph::Statement> small_statements() {
  return {
      statement("sudani", "demands", "united_states", "a.txt", 2),
      statement("sudani", "demands", "united_states", "b.txt", 1),
      statement("kataib_hezbollah", "attacks", "united_states", "a.txt", 1),
      statement("austin", "negotiates", "sudani", "b.txt", 2),  // symmetric: subject < object
      statement("united_states", "deploys_to", "baghdad", "b.txt", 1),
      statement("sudani", "supports", "kataib_hezbollah", "a.txt", 1, Polarity::Negative),
      statement("united_states", "attacks", "kataib_hezbollah", "b.txt", 1, Polarity::Positive, Modality::Reported),
  };
}

// Arabic names, five relations (one symmetric), one negative and one reported relationship, an
// isolated entity.
graph::KnowledgeGraph small_graph(bool reversed = false) {
  auto entities = small_entities();
  auto statements = small_statements();
  if (reversed) {
    std::reverse(entities.begin(), entities.end());
    std::reverse(statements.begin(), statements.end());
  }
  graph::KnowledgeGraph g;
  for (const auto& e : entities) g.add_entity(e);
  for (const auto& s : statements) g.add_statement(s);
  return g;
}

// A graph parsed back by cgraph, closed on destruction; holds the Graphviz lock meanwhile.
class ParsedDot {
 public:
  explicit ParsedDot(const std::string& dot) : lock_(exporters::detail::lock_graphviz()), g_(agmemread(dot.c_str())) {
    REQUIRE(g_ != nullptr);
  }
  ~ParsedDot() { agclose(g_); }
  ParsedDot(const ParsedDot&) = delete;
  ParsedDot& operator=(const ParsedDot&) = delete;

  Agraph_t* graph() const { return g_; }
  Agnode_t* node(const std::string& name) const { return agnode(g_, const_cast<char*>(name.c_str()), 0); }
  Agedge_t* edge(const std::string& tail, const std::string& head, const std::string& key) const {
    Agnode_t* t = node(tail);
    Agnode_t* h = node(head);
    if (!t || !h) return nullptr;
    return agedge(g_, t, h, const_cast<char*>(key.c_str()), 0);
  }
  static std::string attr(void* object, const char* name) {
    const char* value = agget(object, const_cast<char*>(name));
    return value ? value : "";
  }

 private:
  std::unique_lock<std::mutex> lock_;
  Agraph_t* g_;
};

std::filesystem::path golden_path() { return testing::source_dir() / "tests/golden/small_graph.dot"; }

TEST_CASE("write_dot matches the golden file", "[export][dot]") {
  const std::string dot = exporters::write_dot(small_graph());
  if (const char* update = std::getenv("NEWSGRAPH_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    testing::write_file(golden_path(), dot);
    WARN("regenerated " << golden_path());
  }
  INFO("regenerate with NEWSGRAPH_UPDATE_GOLDEN=1 after checking the difference");
  REQUIRE(std::filesystem::exists(golden_path()));
  CHECK(dot == testing::read_file(golden_path()));
}

TEST_CASE("write_dot does not depend on insertion order", "[export][dot]") {
  CHECK(exporters::write_dot(small_graph(false)) == exporters::write_dot(small_graph(true)));
}

TEST_CASE("DOT parses back with the nodes of the graph and their attributes", "[export][dot]") {
  const auto g = small_graph();
  ParsedDot parsed(exporters::write_dot(g));
  CHECK(agnnodes(parsed.graph()) == static_cast<int>(g.entity_count()) + 1);  // + legend
  CHECK(agnedges(parsed.graph()) == static_cast<int>(g.relationship_count()));
  CHECK(ParsedDot::attr(parsed.graph(), "fontname") == "Noto Sans Arabic");
  CHECK(ParsedDot::attr(parsed.graph(), "rankdir") == "LR");

  struct Expected {
    std::string id, label, shape, fill;
  };
  const auto expected = GENERATE(values<Expected>({
      {"sudani", "محمد شياع السوداني\\nMohammed Shia al-Sudani", "ellipse", "#dbe9f6"},
      {"kataib_hezbollah", "كتائب حزب الله", "box", "#fde9d3"},
      {"united_states", "الولايات المتحدة\\nUnited States", "hexagon", "#e0f0d9"},
      {"baghdad", "بغداد\\nBaghdad", "house", "#efe0ea"},
      {"albares", "خوسيه مانويل ألباريس\\nJosé Manuel Albares", "ellipse", "#dbe9f6"},
  }));
  INFO("node " << expected.id);
  Agnode_t* n = parsed.node(expected.id);
  REQUIRE(n != nullptr);
  CHECK(ParsedDot::attr(n, "label") == expected.label);
  CHECK(ParsedDot::attr(n, "shape") == expected.shape);
  CHECK(ParsedDot::attr(n, "fillcolor") == expected.fill);
  CHECK(ParsedDot::attr(n, "fontname") == "Noto Sans Arabic");
}

TEST_CASE("DOT edges carry relation and evidence count in label and colour and width and dashes", "[export][dot]") {
  ParsedDot parsed(exporters::write_dot(small_graph()));
  struct Expected {
    std::string tail, head, relation, label, style, dir, penwidth;
  };
  const auto expected = GENERATE(values<Expected>({
      {"sudani", "united_states", "demands", "demands ×3", "", "", "2"},
      {"kataib_hezbollah", "united_states", "attacks", "attacks ×1", "", "", "1"},
      {"austin", "sudani", "negotiates", "negotiates with ×2", "", "none", "1.5"},
      {"united_states", "baghdad", "deploys_to", "deploys to ×1", "", "", "1"},
      {"sudani", "kataib_hezbollah", "supports", "supports ×1\\n(negative)", "dashed", "", "1"},
      {"united_states", "kataib_hezbollah", "attacks", "attacks ×1\\n(reported)", "dashed", "", "1"},
  }));
  INFO(expected.tail << " " << expected.relation << " " << expected.head);
  Agedge_t* e = parsed.edge(expected.tail, expected.head, expected.relation);
  REQUIRE(e != nullptr);
  CHECK(ParsedDot::attr(e, "label") == expected.label);
  CHECK(ParsedDot::attr(e, "color") == std::string(exporters::relation_colour(expected.relation)));
  CHECK(ParsedDot::attr(e, "style") == expected.style);
  CHECK(ParsedDot::attr(e, "dir") == expected.dir);
  CHECK(ParsedDot::attr(e, "penwidth") == expected.penwidth);
  CHECK(ParsedDot::attr(e, "fontname") == "Noto Sans Arabic");
}

TEST_CASE("every ontology relation has its own colour", "[export][dot]") {
  std::vector<std::string_view> colours;
  for (const auto& r : graph::Ontology::builtin().relations()) colours.push_back(exporters::relation_colour(r.name));
  CHECK(colours.size() == 14);
  std::sort(colours.begin(), colours.end());
  CHECK(std::adjacent_find(colours.begin(), colours.end()) == colours.end());
  CHECK(std::find(colours.begin(), colours.end(), exporters::relation_colour("no_such_relation")) == colours.end());
}

TEST_CASE("the legend lists the entity types and relations present", "[export][dot]") {
  ParsedDot parsed(exporters::write_dot(small_graph()));
  Agnode_t* legend = parsed.node(std::string(exporters::kLegendNodeName));
  REQUIRE(legend != nullptr);
  const std::string label = ParsedDot::attr(legend, "label");
  CHECK(aghtmlstr(agget(legend, const_cast<char*>("label"))));
  for (const char* present : {"Person", "Organization", "Country", "Place", ">demands<", ">attacks<", ">negotiates<",
                              ">deploys_to<", ">supports<", "يطالب", "#1f77b4"})
    CHECK_THAT(label, Catch::Contains(present));
  for (const char* absent : {">meets<", ">condemns<"}) CHECK_THAT(label, !Catch::Contains(absent));
}

TEST_CASE("DotOptions filter and cluster and orient the drawing", "[export][dot]") {
  const auto g = small_graph();
  SECTION("min_evidence drops thin relationships, hide_isolated the entities left alone") {
    exporters::DotOptions options;
    options.min_evidence = 2;
    options.hide_isolated = true;
    ParsedDot parsed(exporters::write_dot(g, options));
    CHECK(agnedges(parsed.graph()) == 2);  // demands ×3, negotiates ×2
    CHECK(agnnodes(parsed.graph()) == 4);  // sudani, united_states, austin + legend
    CHECK(parsed.edge("sudani", "united_states", "demands") != nullptr);
    CHECK(parsed.node("baghdad") == nullptr);
    CHECK(parsed.node("albares") == nullptr);
  }
  SECTION("min_evidence alone keeps every entity") {
    exporters::DotOptions options;
    options.min_evidence = 2;
    ParsedDot parsed(exporters::write_dot(g, options));
    CHECK(agnedges(parsed.graph()) == 2);
    CHECK(agnnodes(parsed.graph()) == static_cast<int>(g.entity_count()) + 1);
  }
  SECTION("cluster_by_type puts each entity in its type's cluster") {
    exporters::DotOptions options;
    options.cluster_by_type = true;
    ParsedDot parsed(exporters::write_dot(g, options));
    for (const auto& [cluster, member] :
         std::vector<std::pair<std::string, std::string>>{{"cluster_Person", "sudani"},
                                                          {"cluster_Organization", "kataib_hezbollah"},
                                                          {"cluster_Country", "united_states"},
                                                          {"cluster_Place", "baghdad"}}) {
      INFO(cluster);
      Agraph_t* sub = agsubg(parsed.graph(), const_cast<char*>(cluster.c_str()), 0);
      REQUIRE(sub != nullptr);
      CHECK(agcontains(sub, parsed.node(member)));
      CHECK(!agcontains(sub, parsed.node(std::string(exporters::kLegendNodeName))));
    }
    CHECK(agnedges(parsed.graph()) == static_cast<int>(g.relationship_count()));
  }
  SECTION("rankdir and legend") {
    exporters::DotOptions options;
    options.rankdir = "TB";
    options.legend = false;
    ParsedDot parsed(exporters::write_dot(g, options));
    CHECK(ParsedDot::attr(parsed.graph(), "rankdir") == "TB");
    CHECK(parsed.node(std::string(exporters::kLegendNodeName)) == nullptr);
  }
  SECTION("an unknown rankdir is an input error") {
    exporters::DotOptions options;
    options.rankdir = "sideways";
    CHECK_THROWS_AS(exporters::write_dot(g, options), graph::InputError);
  }
}

TEST_CASE("names with DOT and HTML metacharacters survive the round trip", "[export][dot]") {
  graph::KnowledgeGraph g;
  g.add_entity(entity("quds_force", EntityType::Organization, "فيلق \"القدس\"", R"(Quds \N Force <&> "QF")"));
  g.add_entity(entity("iran", EntityType::Country, "إيران", "Iran"));
  g.add_statement(statement("iran", "leads", "quds_force", "a.txt", 1));
  ParsedDot parsed(exporters::write_dot(g));
  // Backslashes are doubled so that Graphviz prints them instead of expanding \N to the node name.
  CHECK(ParsedDot::attr(parsed.node("quds_force"), "label") == R"(فيلق "القدس"\nQuds \\N Force <&> "QF")");
  CHECK(agnedges(parsed.graph()) == 1);
}

TEST_CASE("pen width grows with evidence and is capped", "[export][dot]") {
  const auto [evidence, penwidth] = GENERATE(table<std::size_t, std::string>({
      {0, "1"},  // a statement read without evidence still draws a hairline
      {1, "1"},
      {2, "1.5"},
      {5, "3"},
      {11, "6"},
      {40, "6"},
  }));
  graph::KnowledgeGraph g;
  g.add_entity(entity("iran", EntityType::Country, "إيران", "Iran"));
  g.add_entity(entity("iraq", EntityType::Country, "العراق", "Iraq"));
  g.add_statement(statement("iran", "supports", "iraq", "a.txt", evidence));
  ParsedDot parsed(exporters::write_dot(g));
  Agedge_t* e = parsed.edge("iran", "iraq", "supports");
  REQUIRE(e != nullptr);
  CHECK(ParsedDot::attr(e, "penwidth") == penwidth);
  CHECK(ParsedDot::attr(e, "label") == "supports ×" + std::to_string(evidence));
}

TEST_CASE("an empty graph gives a valid DOT graph with no legend", "[export][dot]") {
  graph::KnowledgeGraph g;
  ParsedDot parsed(exporters::write_dot(g));
  CHECK(agnnodes(parsed.graph()) == 0);
}

TEST_CASE("the dot binary accepts the written DOT", "[export][dot]") {
  const auto dir = testing::temp_dir("dot_binary");
  const auto which = testing::run("command -v dot", dir);
  if (which.status != 0) FAIL("Graphviz's `dot` is not on PATH (Debian package graphviz): cannot check the DOT");
  exporters::DotOptions clustered;
  clustered.cluster_by_type = true;
  const auto options = GENERATE_COPY(values<exporters::DotOptions>({exporters::DotOptions{}, clustered}));
  testing::write_file(dir / "graph.dot", exporters::write_dot(small_graph(), options));
  const auto result =
      testing::run("dot -Tsvg " + (dir / "graph.dot").string() + " -o " + (dir / "graph.svg").string(), dir);
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(result.err.empty());
  CHECK_THAT(testing::read_file(dir / "graph.svg"), Catch::Contains("محمد شياع السوداني"));
}

}  // namespace
}  // namespace newsgraph
