// The HTML report: escaping, a self-contained page (nothing loaded from elsewhere), Python's html.parser
// reading it whole, the sample actors present, and headless Chromium running its script without a
// console error, filtering the statements by entity, and taking a screenshot.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include <string>

#include "export/html_report.h"
#include "export/jsonld_reader.h"
#include "tests/test_support.h"

namespace {

using namespace newsgraph;
namespace testing = newsgraph::testing;

graph::KnowledgeGraph tiny_graph() {
  graph::KnowledgeGraph g;
  g.add_document({"a.txt", "2024-03-01", ""});
  graph::Entity sudani{"sudani", graph::EntityType::Person, "محمد شياع السوداني", "Mohammed Shia al-Sudani", {}, "", 1.0, {}};
  sudani.mentions = {{"a.txt", {0, 8}, "السوداني", graph::MentionKind::Name}};
  graph::Entity us{"united_states", graph::EntityType::Country, "الولايات المتحدة", "<United> & \"States\"", {}, "", 1.0, {}};
  g.add_entity(sudani);
  g.add_entity(us);
  graph::Statement s{"sudani", "demands", "united_states", "a.txt", graph::Polarity::Positive,
                     graph::Modality::Asserted, 0.9, "", "", std::nullopt, "", {}};
  s.evidence = {{{0, 30}, "طالب السوداني <واشنطن> بالانسحاب", "speech", 0.9}};
  g.add_statement(s);
  return g;
}

std::string shell_word(const std::string& word) { return "'" + word + "'"; }
std::string shell_word(const std::filesystem::path& path) { return shell_word(path.string()); }

rapidjson::Document check_html(const std::filesystem::path& page, const std::filesystem::path& dir) {
  const auto r = testing::run("/usr/bin/python3 " + shell_word(testing::source_dir() / "tests/py/check_html.py") + " " +
                                  shell_word(page),
                              dir);
  if (r.status == 127) FAIL("/usr/bin/python3 is missing: apt-get install python3");
  INFO(r.err);
  REQUIRE(r.status == 0);
  rapidjson::Document doc;
  doc.Parse(r.out.c_str());
  REQUIRE_FALSE(doc.HasParseError());
  return doc;
}

// Headless Chromium with a throwaway profile and no background traffic; `mode` is "--dump-dom" or
// "--screenshot=PATH". Console messages go to stderr (--enable-logging=stderr).
testing::RunResult chromium(const std::string& mode, const std::string& url, const std::filesystem::path& dir) {
  const auto r = testing::run(
      "timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
      "--disable-component-update --disable-sync --enable-logging=stderr --v=0 --window-size=1280,1600 "
      "--user-data-dir=" + shell_word(dir / "profile") + " " + mode + " " + shell_word(url),
      dir);
  if (r.status == 127) FAIL("chromium is missing: apt-get install chromium");
  return r;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("html_escape replaces the five special characters", "[export][report]") {
  const auto [text, escaped] = GENERATE(table<std::string, std::string>({
      {"", ""},
      {"السوداني", "السوداني"},
      {"a<b>&c", "a&lt;b&gt;&amp;c"},
      {"\"q\" 'a'", "&quot;q&quot; &#39;a&#39;"},
  }));
  CHECK(exporters::html_escape(text) == escaped);
}

TEST_CASE("The report is one self-contained right-to-left page", "[export][report]") {
  const auto g = tiny_graph();
  exporters::HtmlReportOptions options;
  options.title = "تقرير <1>";
  const auto html = exporters::write_html_report(g, options);
  CHECK(exporters::write_html_report(g, options) == html);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<html lang=\"ar\" dir=\"rtl\">") != std::string::npos);
  CHECK(html.find("<title>تقرير &lt;1&gt;</title>") != std::string::npos);
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("<?xml") == std::string::npos);  // Graphviz's prolog is dropped
  CHECK(html.find("<g id=\"sudani\" class=\"node") != std::string::npos);
  CHECK(html.find("data-edge=\"sudani.demands.united_states\"") != std::string::npos);
  CHECK(html.find("&lt;United&gt; &amp; &quot;States&quot;") != std::string::npos);
  CHECK(html.find("طالب السوداني &lt;واشنطن&gt; بالانسحاب") != std::string::npos);
  for (const auto* remote : {"<link", " src=", "@import", "<iframe"}) {
    INFO(remote);
    CHECK(html.find(remote) == std::string::npos);
  }
  options.diagram = false;
  CHECK(exporters::write_html_report(g, options).find("<svg") == std::string::npos);
}

TEST_CASE("The samples' report: html.parser reads it, Chromium runs it without error", "[export][report][samples]") {
  const auto dir = testing::temp_dir("report-samples");
  const auto built = testing::run(testing::newsgraph() + " build " + shell_word(testing::source_dir() / "samples") +
                                      "/*.txt --jsonld " + shell_word(dir / "g.jsonld"),
                                  dir);
  INFO(built.err);
  REQUIRE(built.status == 0);
  const auto made = testing::run(testing::newsgraph() + " report " + shell_word(dir / "g.jsonld") + " -o " +
                                     shell_word(dir / "report.html") + " --title 'newsgraph samples'",
                                 dir);
  INFO(made.err);
  REQUIRE(made.status == 0);
  const auto g = exporters::read_jsonld("g.jsonld", testing::read_file(dir / "g.jsonld"));

  const auto page = check_html(dir / "report.html", dir);
  CHECK(std::string(page["dir"].GetString()) == "rtl");
  CHECK(page["rows"]["entities"].GetUint64() == g.entity_count());
  CHECK(page["rows"]["statements"].GetUint64() == g.statement_count());
  const std::string text = page["text"].GetString();
  for (const auto* actor : {"sudani", "united_states", "iraq", "coalition"}) {
    INFO(actor);
    const auto* e = g.entity(actor);
    REQUIRE(e);
    CHECK(text.find(e->name_ar) != std::string::npos);
    CHECK(text.find(e->name_en) != std::string::npos);
  }

  SECTION("Chromium runs the script and filters by entity") {
    const auto r = chromium("--dump-dom", "file://" + (dir / "report.html").string() + "#entity=sudani", dir);
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.err.find("Uncaught") == std::string::npos);
    CHECK(r.out.find("data-ready=\"true\"") != std::string::npos);
    std::size_t involved = 0;
    for (const auto* s : g.statements()) involved += s->subject == "sudani" || s->object == "sudani";
    REQUIRE(involved > 0);
    const auto rows = count(r.out, "<tr data-subject=");
    CHECK(rows == g.statement_count());
    CHECK(rows - count(r.out, " hidden\">") - count(r.out, "class=\"hidden\"") == involved);
    CHECK(r.out.find("sudani: " + std::to_string(involved) + " / " + std::to_string(rows)) != std::string::npos);
  }
  SECTION("a script error would be seen") {
    testing::write_file(dir / "broken.html", "<!DOCTYPE html><html><body><script>nothing.here();</script></body></html>");
    const auto r = chromium("--dump-dom", "file://" + (dir / "broken.html").string(), dir);
    CHECK(r.err.find("Uncaught") != std::string::npos);
  }
  SECTION("Chromium takes a screenshot") {
    const auto shot = dir / "report.png";
    const auto r = chromium("--screenshot=" + shell_word(shot), "file://" + (dir / "report.html").string(), dir);
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.err.find("Uncaught") == std::string::npos);
    const auto png = testing::read_file(shot);
    REQUIRE(png.size() > 10000);
    CHECK(png.substr(1, 3) == "PNG");
  }
}
