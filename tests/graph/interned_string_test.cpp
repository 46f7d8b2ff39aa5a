// InternedString (graph/interned_string.h): one copy per distinct text, compared and sorted exactly as
// std::string, freed with its last reference, safe across threads; and the KnowledgeGraph memory it
// serves: mentions of one document share its id, and the graph keeps no article text.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "graph/interned_string.h"
#include "graph/knowledge_graph.h"

using newsgraph::graph::InternedString;
namespace graph = newsgraph::graph;

namespace {

// Texts that sort differently as signed and unsigned bytes, prefixes of each other, and Arabic.
std::vector<std::string> awkward_texts() {
  return {"", "a", "ab", "abc", "b", "B", "\x7f", "\x80", "\xc3\xa9", "السوداني", "السودان", "z\xff", std::string("a\0b", 3)};
}

}  // namespace

TEST_CASE("equal texts share one copy and compare as std::string does", "[graph][interned]") {
  const InternedString a = "السوداني", b = std::string("السوداني"), c = std::string_view("السودان");
  CHECK(a == b);
  CHECK(a.data() == b.data());  // the same storage
  CHECK(a != c);
  CHECK(a == "السوداني");
  CHECK(std::string("السوداني") == a);
  CHECK(a.view() == "السوداني");
  CHECK(std::string(a) == "السوداني");
  CHECK(a.size() == std::string("السوداني").size());
  CHECK(a.c_str()[a.size()] == '\0');
  CHECK(InternedString().empty());
  CHECK(InternedString("") == InternedString());
  CHECK(InternedString().data() != nullptr);
  CHECK(InternedString("doc.txt") + "#1" == "doc.txt#1");

  const auto texts = awkward_texts();
  for (const auto& x : texts) {
    for (const auto& y : texts) {
      INFO("'" << x << "' vs '" << y << "'");
      const InternedString ix = x, iy = y;
      CHECK((ix < iy) == (x < y));
      CHECK((ix == iy) == (x == y));
      CHECK((ix <=> iy) == (x <=> y));
      CHECK((ix <=> y) == (x <=> y));
      CHECK(std::hash<InternedString>{}(ix) == std::hash<std::string>{}(x));
    }
  }
  std::vector<InternedString> interned(texts.begin(), texts.end());
  auto sorted = texts;
  std::sort(sorted.begin(), sorted.end());
  std::sort(interned.begin(), interned.end());
  CHECK(std::equal(sorted.begin(), sorted.end(), interned.begin(), interned.end(),
                   [](const std::string& s, const InternedString& i) { return i == s; }));
}

TEST_CASE("a text is freed with its last reference whatever the copies and moves", "[graph][interned]") {
  const std::size_t before = InternedString::distinct_count();
  {
    InternedString a = "interned_string_test: only here";
    CHECK(InternedString::distinct_count() == before + 1);
    InternedString b = a;                  // copy
    InternedString c = std::move(b);       // move
    InternedString d;
    d = c;                                 // copy assignment
    const InternedString& same = d;
    d = same;                              // self assignment
    InternedString e = "interned_string_test: only here";  // same text: the same entry
    CHECK(InternedString::distinct_count() == before + 1);
    a = "interned_string_test: another";   // the first entry still has c, d and e
    CHECK(InternedString::distinct_count() == before + 2);
    c = InternedString();
    d = std::move(e);
    CHECK(d == "interned_string_test: only here");
  }
  CHECK(InternedString::distinct_count() == before);
}

TEST_CASE("the table finds every live text and none of the dropped, through growth and removals", "[graph][interned]") {
  // Thousands of texts made and dropped in random order: the shards grow, and removals shift later slots
  // of a probe run back (a wrong shift loses a live text, which is then interned a second time).
  const std::size_t before = InternedString::distinct_count();
  std::mt19937 rng(20261124);
  std::vector<std::vector<InternedString>> live(5000);  // the copies held of text k
  auto text = [](std::size_t k) { return "interned_string_test: table " + std::to_string(k); };
  std::size_t alive = 0;
  for (int step = 0; step < 60000; ++step) {
    const std::size_t k = rng() % live.size();
    if (rng() % 2 == 0 || live[k].empty()) {
      InternedString s = text(k);
      if (!live[k].empty()) REQUIRE(s.data() == live[k].front().data());  // the same entry, not a second one
      alive += live[k].empty();
      live[k].push_back(std::move(s));
    } else {
      live[k].clear();
      --alive;
    }
    if (step % 1000 == 0) REQUIRE(InternedString::distinct_count() == before + alive);
  }
  for (std::size_t k = 0; k < live.size(); ++k)
    if (!live[k].empty()) REQUIRE(InternedString(text(k)).data() == live[k].front().data());
  live.clear();
  CHECK(InternedString::distinct_count() == before);
}

TEST_CASE("threads that create and copy and drop the same texts leave the table as it was", "[graph][interned]") {
  const std::size_t before = InternedString::distinct_count();
  auto work = [](unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<InternedString> kept;
    for (int i = 0; i < 20000; ++i) {
      const std::string text = "interned_string_test: " + std::to_string(rng() % 64);
      InternedString s = text;
      if (s != text) throw std::runtime_error("wrong text");
      if (rng() % 3 == 0) kept.push_back(s);
      if (kept.size() > 50) kept.erase(kept.begin(), kept.begin() + static_cast<long>(rng() % kept.size()));
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < 4; ++t) threads.emplace_back(work, t);
  for (auto& t : threads) t.join();
  CHECK(InternedString::distinct_count() == before);
}

TEST_CASE("a knowledge graph keeps one copy of repeated texts", "[graph][interned]") {
  graph::KnowledgeGraph g;
  graph::DocumentGraph dg;
  dg.document = {"interned_string_test_document.txt", "2024-01-05", "headline"};
  graph::Entity e{"sudani", graph::EntityType::Person, "محمد شياع السوداني", "", {}, "", 1.0, {}};
  for (std::uint32_t i = 0; i < 100; ++i)
    e.mentions.push_back({std::string(dg.document.id), {i * 10, i * 10 + 8}, std::string("السوداني"), graph::MentionKind::Name});
  dg.entities.push_back(e);
  g.add(dg);
  const auto* document = g.document("interned_string_test_document.txt");
  REQUIRE(document != nullptr);
  CHECK(document->headline == "headline");
  const auto& mentions = g.entity("sudani")->mentions;
  REQUIRE(mentions.size() == 100);
  for (const auto& m : mentions) {
    CHECK(m.document.data() == mentions.front().document.data());
    CHECK(m.text.data() == mentions.front().text.data());
  }
}
