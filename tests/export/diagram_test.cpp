// In-process diagrams through gvc with the cairo renderer: SVG, text SVG and PNG of a sample-like graph,
// every layout, Graphviz errors turned into InputError without printing, and the Arabic font present.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "export/diagram_renderer.h"
#include "export/dot_writer.h"
#include "export/jsonld_writer.h"
#include "graph/diagnostic.h"
#include "graph/knowledge_graph.h"
#include "tests/test_support.h"

namespace newsgraph {
namespace {

using graph::EntityType;

// The actors and relations of the samples (issue 2's seven actors and their neighbours).
graph::KnowledgeGraph sample_like_graph() {
  graph::KnowledgeGraph g;
  g.add_document({.id = "000_sample.txt", .date = "2024-01-05", .headline = ""});
  auto add = [&](std::string id, EntityType type, std::string ar, std::string en) {
    graph::Entity e;
    e.id = std::move(id);
    e.type = type;
    e.name_ar = std::move(ar);
    e.name_en = std::move(en);
    g.add_entity(e);
  };
  add("sudani", EntityType::Person, "محمد شياع السوداني", "Mohammed Shia al-Sudani");
  add("kadhimi", EntityType::Person, "مصطفى الكاظمي", "Mustafa al-Kadhimi");
  add("austin", EntityType::Person, "لويد أوستن", "Lloyd Austin");
  add("biden", EntityType::Person, "جو بايدن", "Joe Biden");
  add("albares", EntityType::Person, "خوسيه مانويل ألباريس", "José Manuel Albares");
  add("islamic_resistance_in_iraq", EntityType::Organization, "المقاومة الإسلامية في العراق",
      "Islamic Resistance in Iraq");
  add("coalition", EntityType::Organization, "التحالف الدولي", "International coalition");
  add("united_states", EntityType::Country, "الولايات المتحدة", "United States");
  add("iraq", EntityType::Country, "العراق", "Iraq");
  add("spain", EntityType::Country, "إسبانيا", "Spain");
  add("ain_al_asad", EntityType::Place, "عين الأسد", "Ain al-Asad");
  add("baghdad", EntityType::Place, "بغداد", "Baghdad");
  struct Edge {
    const char *subject, *relation, *object;
    std::size_t evidence;
    graph::Polarity polarity;
    graph::Modality modality;
  };
  const auto P = graph::Polarity::Positive, N = graph::Polarity::Negative;
  const auto A = graph::Modality::Asserted, R = graph::Modality::Reported;
  const std::vector<Edge> edges{
      {"sudani", "demands", "coalition", 3, P, A},
      {"kadhimi", "demands", "united_states", 1, P, A},
      {"islamic_resistance_in_iraq", "attacks", "ain_al_asad", 2, P, A},
      {"islamic_resistance_in_iraq", "attacks", "united_states", 1, P, R},
      {"austin", "negotiates", "sudani", 2, P, A},
      {"biden", "negotiates", "kadhimi", 1, P, A},
      {"albares", "meets", "sudani", 1, P, A},
      {"spain", "member_of", "coalition", 1, P, A},
      {"united_states", "leads", "coalition", 2, P, A},
      {"united_states", "deploys_to", "iraq", 1, P, A},
      {"coalition", "withdraws_from", "iraq", 1, N, A},
      {"austin", "affiliated_with", "united_states", 1, P, A},
      {"sudani", "condemns", "islamic_resistance_in_iraq", 1, P, A},
      {"united_states", "threatens", "islamic_resistance_in_iraq", 1, P, R},
      {"sudani", "affiliated_with", "iraq", 2, P, A},
  };
  std::uint32_t offset = 0;
  for (const auto& e : edges) {
    graph::Statement s;
    s.subject = e.subject;
    s.relation = e.relation;
    s.object = e.object;
    s.document = "000_sample.txt";
    s.polarity = e.polarity;
    s.modality = e.modality;
    s.confidence = 0.9;
    for (std::size_t i = 0; i < e.evidence; ++i, offset += 20)
      s.evidence.push_back({.span = {offset, offset + 15}, .text = "…", .rule = "test", .confidence = 0.9});
    g.add_statement(s);
  }
  return g;
}

const std::string& sample_dot() {
  static const std::string dot = exporters::write_dot(sample_like_graph());
  return dot;
}

// Parses `xml` with Python's expat-based ElementTree (a real XML parser); returns its error, "" if none.
std::string xml_error(const std::string& xml, const std::string& name) {
  const auto dir = testing::temp_dir("xml_" + name);
  testing::write_file(dir / "doc.xml", xml);
  const auto result = testing::run(
      "python3 -c 'import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])' " + (dir / "doc.xml").string(), dir);
  if (result.status == 127) return "python3 is not on PATH: cannot check that the SVG is well-formed";
  return result.status == 0 ? "" : result.err;
}

std::uint32_t big_endian(const std::string& bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes.at(at + i));
  return value;
}

// Runs `body` with file descriptor 2 redirected to a file; returns what was written to stderr.
template <typename Body>
std::string stderr_of(Body&& body) {
  // One directory per process: CTest runs the test cases of this file in parallel processes.
  const auto dir = testing::temp_dir("stderr_capture_" + std::to_string(::getpid()));
  const auto path = (dir / "stderr.txt").string();
  std::fflush(stderr);
  const int saved = dup(2);
  FILE* file = std::fopen(path.c_str(), "w");
  REQUIRE(file != nullptr);
  dup2(fileno(file), 2);
  try {
    body();
  } catch (...) {
    std::fflush(stderr);
    dup2(saved, 2);
    close(saved);
    std::fclose(file);
    throw;
  }
  std::fflush(stderr);
  dup2(saved, 2);
  close(saved);
  std::fclose(file);
  return testing::read_file(path);
}

TEST_CASE("Noto Sans Arabic is installed for fontconfig", "[export][diagram]") {
  const auto dir = testing::temp_dir("fc_match");
  const auto result = testing::run("fc-match -f '%{family}' 'Noto Sans Arabic'", dir);
  INFO("install Debian's fonts-noto-core: Arabic labels need it");
  REQUIRE(result.status == 0);
  CHECK_THAT(result.out, Catch::Contains("Noto Sans Arabic"));
}

TEST_CASE("graphviz_format names the cairo renderer", "[export][diagram]") {
  CHECK(exporters::graphviz_format(exporters::DiagramFormat::Svg) == "svg:cairo");
  CHECK(exporters::graphviz_format(exporters::DiagramFormat::Png) == "png:cairo");
  CHECK(exporters::graphviz_format(exporters::DiagramFormat::SvgText) == "svg:svg");
}

TEST_CASE("SVG through cairo is well-formed and draws the labels as glyph outlines", "[export][diagram]") {
  const std::string svg = exporters::render_diagram(sample_dot(), exporters::DiagramFormat::Svg, "dot");
  CHECK(svg.rfind("<?xml", 0) == 0);
  CHECK_THAT(svg, Catch::Contains("<svg"));
  CHECK_THAT(svg, Catch::Contains("<symbol overflow=\"visible\" id=\"glyph"));  // cairo's glyph cache
  CHECK_THAT(svg, !Catch::Contains("<text"));                                   // not Graphviz's core SVG, not gd
  CHECK(xml_error(svg, "cairo") == "");
}

TEST_CASE("text SVG is well-formed and holds the Arabic labels with ids and classes", "[export][diagram]") {
  const std::string svg = exporters::render_diagram(sample_dot(), exporters::DiagramFormat::SvgText, "dot");
  CHECK(xml_error(svg, "text") == "");
  for (const char* label : {">محمد شياع السوداني<", ">المقاومة الإسلامية في العراق<", ">عين الأسد<",
                            "font-family=\"Noto Sans Arabic\"", "id=\"sudani\"", "class=\"node entity person\"",
                            "id=\"sudani.demands.coalition\"", ">demands ×3<", "stroke-dasharray"})
    CHECK_THAT(svg, Catch::Contains(label));
}

TEST_CASE("PNG has the PNG signature and a plausible size", "[export][diagram]") {
  const std::string png = exporters::render_diagram(sample_dot(), exporters::DiagramFormat::Png, "dot");
  REQUIRE(png.size() > 24);
  CHECK(png.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
  CHECK(png.substr(12, 4) == "IHDR");
  const auto width = big_endian(png, 16), height = big_endian(png, 20);
  INFO(width << "x" << height << ", " << png.size() << " bytes");
  CHECK(width > 300);
  CHECK(height > 200);
  CHECK(width < 10000);
  CHECK(height < 10000);
  CHECK(png.size() > 10000);  // twelve labelled nodes and a legend are not a blank image
  // Kept for a human look: Arabic must be joined and right-to-left.
  testing::write_file(testing::temp_dir("diagram_png") / "sample.png", png);
}

TEST_CASE("every layout renders the sample graph", "[export][diagram]") {
  const auto layout = GENERATE(
      from_range(std::vector<std::string>(exporters::diagram_layouts().begin(), exporters::diagram_layouts().end())));
  INFO("layout " << layout);
  std::string svg;
  const auto printed =
      stderr_of([&] { svg = exporters::render_diagram(sample_dot(), exporters::DiagramFormat::SvgText, layout); });
  CHECK(xml_error(svg, layout) == "");
  CHECK_THAT(svg, Catch::Contains(">مصطفى الكاظمي<"));
  CHECK(printed == "");
}

TEST_CASE("clusters render with their type labels", "[export][diagram]") {
  exporters::DotOptions options;
  options.cluster_by_type = true;
  const std::string svg = exporters::render_diagram(exporters::write_dot(sample_like_graph(), options),
                                                    exporters::DiagramFormat::SvgText, "dot");
  for (const char* cluster : {"<title>cluster_Person</title>", "<title>cluster_Place</title>", ">Organization<"})
    CHECK_THAT(svg, Catch::Contains(cluster));
}

TEST_CASE("Graphviz failures become InputError and print nothing", "[export][diagram]") {
  struct Case {
    std::string dot, layout, message;
  };
  const auto c = GENERATE(values<Case>({
      {"digraph g {\n  a -> b;\n  c -> -> d;\n}\n", "dot",
       "<dot>:3:1: error: invalid DOT: syntax error in line 3 near '->'"},
      {"digraph g { a -> b; }", "twopi", "unknown layout 'twopi'"},
      {"", "dot", "<dot>: error: invalid DOT: no graph found"},
      {"digraph g { a [shape=polygon, sides=4, label=<<TABLE><TR>unclosed>]; }", "dot", "in label of node a"},
  }));
  INFO(c.dot);
  std::string message;
  const auto printed = stderr_of([&] {
    try {
      exporters::render_diagram(c.dot, exporters::DiagramFormat::Svg, c.layout);
    } catch (const graph::InputError& e) {
      message = e.diagnostic().format();
    }
  });
  CHECK_THAT(message, Catch::Contains(c.message));
  CHECK(printed == "");
}

TEST_CASE("a failed read leaves Graphviz able to read the next graph", "[export][diagram]") {
  CHECK_THROWS_AS(exporters::render_diagram("digraph { a -> ; }", exporters::DiagramFormat::Svg), graph::InputError);
  const std::string svg = exporters::render_diagram("digraph { a -> b; }", exporters::DiagramFormat::SvgText);
  CHECK_THAT(svg, Catch::Contains("<title>a&#45;&gt;b</title>"));
}

TEST_CASE("write_dot gives the same DOT before and after Graphviz has rendered", "[export][diagram]") {
  // gvContext() changes process-wide attribute defaults; CTest runs this case in a fresh process.
  const auto g = sample_like_graph();
  const std::string before = exporters::write_dot(g);
  exporters::render_diagram(before, exporters::DiagramFormat::Svg);
  CHECK(exporters::write_dot(g) == before);
}

TEST_CASE("newsgraph render draws a saved graph", "[export][diagram][cli]") {
  const auto dir = testing::temp_dir("render_cli");
  const auto graph = (dir / "graph.jsonld").string();
  testing::write_file(graph, exporters::write_jsonld(sample_like_graph()));
  const std::string render = testing::newsgraph() + " render " + graph;
  SECTION("PNG chosen by the extension") {
    const auto r = testing::run(render + " -o " + (dir / "out.png").string(), dir);
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(testing::read_file(dir / "out.png").substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
  }
  SECTION("SVG with sfdp, clusters and an evidence filter") {
    const auto r =
        testing::run(render + " -o " + (dir / "out.svg").string() + " --layout sfdp --clusters --min-evidence 2", dir);
    INFO(r.err);
    REQUIRE(r.status == 0);
    const auto svg = testing::read_file(dir / "out.svg");
    CHECK(svg.rfind("<?xml", 0) == 0);
    CHECK(xml_error(svg, "cli_svg") == "");
  }
  SECTION("text SVG on stdout keeps only relationships with enough evidence") {
    const auto r = testing::run(render + " -o - --format svg-text --min-evidence 2", dir);
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK_THAT(r.out, Catch::Contains(">محمد شياع السوداني<"));
    CHECK_THAT(r.out, Catch::Contains("id=\"sudani.demands.coalition\""));
    CHECK_THAT(r.out, !Catch::Contains("id=\"kadhimi.demands.united_states\""));  // one evidence only
    CHECK_THAT(r.out, !Catch::Contains(">خوسيه مانويل ألباريس<"));                // left without an edge
  }
  SECTION("a query draws only what it matches") {
    const auto r = testing::run(
        render + " -o - --format svg-text --query " + "\"MATCH (a)-[r:demands]->(b) RETURN a.id, b.id\"", dir);
    INFO(r.err);
    REQUIRE(r.status == 0);
    for (const char* drawn : {"id=\"sudani.demands.coalition\"", "id=\"kadhimi.demands.united_states\"",
                              ">التحالف الدولي<", ">الولايات المتحدة<"})
      CHECK_THAT(r.out, Catch::Contains(drawn));
    for (const char* left_out : {"id=\"austin.negotiates.sudani\"", ">عين الأسد<", ">لويد أوستن<"})
      CHECK_THAT(r.out, !Catch::Contains(left_out));
  }
}

TEST_CASE("newsgraph render rejects bad input and bad options", "[export][diagram][cli]") {
  const auto dir = testing::temp_dir("render_cli_errors");
  const auto graph = (dir / "graph.jsonld").string();
  testing::write_file(graph, exporters::write_jsonld(sample_like_graph()));
  struct Case {
    std::string arguments;
    int status;
    std::string message;
  };
  const auto c = GENERATE_COPY(values<Case>({
      {graph + " -o " + (dir / "out.txt").string(), 1, "cannot tell the format"},
      {graph + " -o - ", 1, "--format"},
      {(dir / "missing.jsonld").string() + " -o " + (dir / "out.svg").string(), 1, "missing.jsonld"},
      {graph + " -o " + (dir / "out.svg").string() + " --layout twopi", 2, "--layout"},
      {graph + " -o " + (dir / "out.svg").string() + " --rankdir sideways", 2, "--rankdir"},
      {graph + " -o " + (dir / "out.svg").string() + " --min-evidence -1", 2, "--min-evidence"},
      {graph, 2, "--output"},
      {graph + " -o " + (dir / "out.svg").string() + " --query 'MATCH (a)-[:demand]->(b) RETURN a'", 1,
       "--query:1:13: error: unknown relation 'demand'"},
  }));
  INFO(c.arguments);
  const auto r = testing::run(testing::newsgraph() + " render " + c.arguments, dir);
  CHECK(r.status == c.status);
  CHECK_THAT(r.err, Catch::Contains(c.message));
  CHECK(!std::filesystem::exists(dir / "out.svg"));
}

}  // namespace
}  // namespace newsgraph
