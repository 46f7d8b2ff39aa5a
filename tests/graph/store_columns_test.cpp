// The flat columns kept beside the Boost graph (graph/detail/store.h) stay consistent with the
// statements through additions, re-additions that change an entity, merges and clones; and the
// evaluator's whole-graph scans over them give what a brute force over relationships() gives.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "graph/detail/store.h"
#include "graph/knowledge_graph.h"
#include "graph/query/query.h"

using namespace newsgraph::graph;

namespace {

const char* kRelations[] = {"attacks", "demands", "meets", "supports"};  // meets is symmetric
const EntityType kTypes[] = {EntityType::Person, EntityType::Organization, EntityType::Country, EntityType::Place};
// Arabic names whose folding differs from the text (alef with hamza, alef maqsura, ta marbuta, a haraka).
const char* kNames[] = {"السوداني", "السودانى", "إسبانيا", "الجماعة", "كَتائب", "Entity"};

Entity random_entity(std::mt19937& rng, int i) {
  Entity e;
  e.id = "e" + std::to_string(i);
  e.type = kTypes[rng() % 4];
  e.name_ar = rng() % 5 ? std::string(kNames[rng() % 6]) + " " + std::to_string(i) : "";
  e.name_en = rng() % 2 ? "Entity " + std::to_string(i) : "";
  e.confidence = (1 + rng() % 4) / 4.0;
  return e;
}

Statement random_statement(std::mt19937& rng, int entities) {
  Statement s;
  int a = static_cast<int>(rng() % static_cast<unsigned>(entities)), b = static_cast<int>(rng() % static_cast<unsigned>(entities));
  s.relation = kRelations[rng() % 4];
  if (s.relation == "meets" && a > b) std::swap(a, b);
  s.subject = "e" + std::to_string(a);
  s.object = "e" + std::to_string(b);
  s.document = "d" + std::to_string(rng() % 5) + ".txt";
  s.polarity = rng() % 3 ? Polarity::Positive : Polarity::Negative;
  s.modality = static_cast<Modality>(rng() % 3);
  s.date = rng() % 4 ? "2024-0" + std::to_string(1 + rng() % 9) + "-15" : "";
  const int evidence = static_cast<int>(rng() % 3);
  for (int k = 0; k < evidence; ++k)
    s.evidence.push_back(Evidence{{static_cast<std::uint32_t>(rng() % 50), 60}, "جملة", "rule", (1 + rng() % 10) / 10.0});
  if (evidence == 0) s.confidence = (1 + rng() % 10) / 10.0;
  return s;
}

// The edge properties of the query language, from a relationship's statements (docs/query.md).
struct Summary {
  double confidence = 0;
  Modality modality = Modality::Future;
  bool positive = false;
  std::size_t evidence = 0;
  std::string date, document;
};
Summary summary(const Relationship& r) {
  Summary s;
  s.confidence = r.statements.front()->confidence;
  for (const auto* st : r.statements) {
    s.confidence = std::max(s.confidence, st->confidence);
    s.modality = std::min(s.modality, st->modality);
    s.positive = s.positive || st->polarity == Polarity::Positive;
    s.evidence += st->evidence.size();
  }
  s.date = r.statements.front()->date;
  s.document = r.statements.front()->document;
  return s;
}

// Every column against the Boost graph and the statements.
void check_columns(const KnowledgeGraph& g) {
  const detail::Store& s = g.store();
  const auto& bg = s.graph;
  REQUIRE(s.edges.size() == boost::num_edges(bg));
  REQUIRE(s.vertices.type.size() == boost::num_vertices(bg));

  std::vector<bool> seen(s.edges.size(), false);
  for (auto e : boost::make_iterator_range(boost::edges(bg))) {
    const auto i = bg[e].index;
    REQUIRE(i < s.edges.size());
    CHECK_FALSE(seen[i]);
    seen[i] = true;
    CHECK(s.edges.source[i] == boost::source(e, bg));
    CHECK(s.edges.target[i] == boost::target(e, bg));
    CHECK(s.relation_names[s.edges.relation[i]] == bg[e].relation);
    CHECK(s.edges.properties[i] == &bg[e]);
  }
  for (const auto& r : g.relationships()) {
    const auto v = *g.vertex(r.subject);
    const auto w = *g.vertex(r.object);
    const auto key = detail::EdgeKey{static_cast<detail::VertexIndex>(v), static_cast<detail::VertexIndex>(w),
                                     static_cast<detail::RelationId>(s.find_relation(r.relation))};
    const auto i = s.edge_by_key.find(key);
    REQUIRE(i != detail::EdgeTable::kNone);
    CHECK(s.edges.properties[i]->relation == r.relation);
    const Summary want = summary(r);
    INFO(std::string(r.subject) + " " + std::string(r.relation) + " " + std::string(r.object));
    CHECK(s.edges.confidence[i] == want.confidence);
    CHECK(s.edges.modality[i] == want.modality);
    CHECK(static_cast<bool>(s.edges.positive[i]) == want.positive);
    CHECK(s.edges.evidence[i] == want.evidence);
    CHECK(s.strings.text(s.edges.date[i]) == want.date);
    CHECK(s.strings.folded(s.edges.date[i]) == query::fold(want.date));
    CHECK(s.strings.text(s.edges.document[i]) == want.document);
  }

  std::size_t count_of_type[4] = {0, 0, 0, 0};
  for (auto v : boost::make_iterator_range(boost::vertices(bg))) {
    const Entity& e = bg[v].entity;
    CHECK(s.vertices.type[v] == e.type);
    ++count_of_type[static_cast<std::size_t>(e.type)];
    CHECK(s.vertices.id.text(v) == e.id);
    CHECK(s.vertices.id.folded(v) == query::fold(e.id));
    CHECK(s.vertices.name.text(v) == e.name_ar);
    CHECK(s.vertices.name.folded(v) == query::fold(e.name_ar));
    CHECK(s.vertices.name_en.text(v) == e.name_en);
    CHECK(s.vertices.name_en.folded(v) == query::fold(e.name_en));
    // The per-vertex lists hold the same edges in the same order as Boost's, with their other ends
    // and relations.
    auto listed = [&](const std::vector<detail::Adjacent>& list) {
      std::vector<std::tuple<detail::EdgeIndex, detail::VertexIndex, std::string>> out;
      for (const auto& a : list) out.emplace_back(a.edge, a.other, s.relation_names[a.relation]);
      return out;
    };
    std::vector<std::tuple<detail::EdgeIndex, detail::VertexIndex, std::string>> out, in;
    for (auto e2 : boost::make_iterator_range(boost::out_edges(v, bg)))
      out.emplace_back(bg[e2].index, boost::target(e2, bg), bg[e2].relation);
    for (auto e2 : boost::make_iterator_range(boost::in_edges(v, bg)))
      in.emplace_back(bg[e2].index, boost::source(e2, bg), bg[e2].relation);
    CHECK(listed(s.vertices.out[v]) == out);
    CHECK(listed(s.vertices.in[v]) == in);
  }
  for (std::size_t t = 0; t < 4; ++t) CHECK(s.vertices.count_of_type[t] == count_of_type[t]);

  // Per relation: exactly the edges of that relation, ascending.
  REQUIRE(s.edges_of_relation.size() == s.relation_names.size());
  std::size_t listed = 0;
  for (std::size_t rel = 0; rel < s.relation_names.size(); ++rel) {
    const auto& list = s.edges_of_relation[rel];
    CHECK(std::is_sorted(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.edge < b.edge; }));
    for (const auto& r : list) {
      CHECK(s.edges.relation[r.edge] == rel);
      CHECK(s.edges.source[r.edge] == r.source);
      CHECK(s.edges.target[r.edge] == r.target);
    }
    CHECK(s.find_relation(s.relation_names[rel]) == static_cast<int>(rel));
    listed += list.size();
  }
  CHECK(listed == s.edges.size());

  // statements() lists every statement once, in StatementKey order (ids "e10" before "e2": text order),
  // with no sort or check of its own: relationships() order and each edge's order of its statements give it.
  const auto statements = g.statements();
  CHECK(statements.size() == g.statement_count());
  CHECK(std::is_sorted(statements.begin(), statements.end(),
                       [](const Statement* a, const Statement* b) { return key_of(*a) < key_of(*b); }));
  CHECK(std::adjacent_find(statements.begin(), statements.end(), [](const Statement* a, const Statement* b) {
          return key_of(*a) == key_of(*b);
        }) == statements.end());
}

KnowledgeGraph random_graph(std::mt19937& rng, int entities, int statements) {
  KnowledgeGraph g;
  for (int i = 0; i < entities; ++i) g.add_entity(random_entity(rng, i));
  for (int k = 0; k < statements; ++k) g.add_statement(random_statement(rng, entities));
  return g;
}

std::vector<std::string> row_texts(const query::ResultSet& r) {
  std::vector<std::string> out;
  for (const auto& row : r.rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) line += (i ? "|" : "") + query::to_text(row[i]);
    out.push_back(line);
  }
  return out;
}

}  // namespace

TEST_CASE("the store's columns stay consistent through additions, merges and clones", "[graph][store]") {
  std::mt19937 rng(20261124);
  for (int round = 0; round < 20; ++round) {
    const int entities = 5 + static_cast<int>(rng() % 20);
    auto g = random_graph(rng, entities, static_cast<int>(rng() % 80));
    check_columns(g);

    // More statements on the same edges (merged into existing statements or inserted before the first,
    // which changes the edge's date and document), and entities added again with other types and names.
    for (int k = 0; k < 40; ++k) g.add_statement(random_statement(rng, entities));
    for (int i = 0; i < entities; i += 2) {
      Entity e = random_entity(rng, i);
      e.confidence = 1.0;
      g.add_entity(e);
    }
    check_columns(g);

    // Merging another random graph over the same ids, and cloning.
    auto other = random_graph(rng, entities + 3, static_cast<int>(rng() % 60));
    g.merge(other);
    check_columns(g);
    const auto copy = g.clone();
    check_columns(copy);
    CHECK(copy.relationship_count() == g.relationship_count());
  }
}

// Everything a graph holds about its entities and statements, as text, for comparing two graphs.
std::vector<std::string> contents(const KnowledgeGraph& g) {
  std::vector<std::string> out;
  for (const auto* e : g.entities()) {
    std::string line = e->id + "|" + std::to_string(static_cast<int>(e->type)) + "|" + e->name_ar + "|" + e->name_en +
                       "|" + e->wikidata + "|" + std::to_string(e->confidence);
    for (const auto& a : e->aliases) line += "|a:" + a;
    for (const auto& m : e->mentions)
      line += "|m:" + m.document + "@" + std::to_string(m.span.start) + "-" + std::to_string(m.span.end) + ":" + m.text +
              ":" + std::to_string(static_cast<int>(m.kind));
    out.push_back(line);
  }
  for (const auto* s : g.statements()) {
    std::string line = s->subject + "|" + s->relation + "|" + s->object + "|" + s->document + "|" +
                       std::to_string(static_cast<int>(s->polarity)) + "|" + std::to_string(static_cast<int>(s->modality)) +
                       "|" + std::to_string(s->confidence) + "|" + s->cameo + "|" + s->role + "|" + s->date + "|" +
                       (s->quantity ? std::to_string(*s->quantity) : "-");
    for (const auto& ev : s->evidence)
      line += "|e:" + std::to_string(ev.span.start) + "-" + std::to_string(ev.span.end) + ":" + ev.text + ":" + ev.rule +
              ":" + std::to_string(ev.confidence);
    out.push_back(line);
  }
  return out;
}

TEST_CASE("adding document graphs by move gives the graph that adding copies gives", "[graph][store]") {
  std::mt19937 rng(20261125);
  for (int round = 0; round < 10; ++round) {
    const int entities = 4 + static_cast<int>(rng() % 10);
    KnowledgeGraph copied, moved;
    for (int d = 0; d < 6; ++d) {
      // The same entities again in several documents (merged), with mentions and aliases to unite.
      DocumentGraph dg;
      dg.document.id = "d" + std::to_string(d) + ".txt";
      for (int i = 0; i < entities; ++i) {
        if (rng() % 3 == 0) continue;
        Entity e = random_entity(rng, i);
        e.aliases = {"alias " + std::to_string(rng() % 4), "alias " + std::to_string(rng() % 4)};
        for (int m = 0; m < 3; ++m)
          e.mentions.push_back({dg.document.id, {static_cast<std::uint32_t>(rng() % 100), 120}, kNames[rng() % 6],
                                MentionKind::Name});
        dg.entities.push_back(e);
      }
      for (int k = 0; k < 20; ++k) {
        Statement st = random_statement(rng, entities);
        const bool known = std::any_of(dg.entities.begin(), dg.entities.end(), [&](const Entity& e) { return e.id == st.subject; }) &&
                           std::any_of(dg.entities.begin(), dg.entities.end(), [&](const Entity& e) { return e.id == st.object; });
        if (known) dg.statements.push_back(st);
      }
      copied.add(dg);
      moved.add(std::move(dg));
    }
    check_columns(moved);
    REQUIRE(contents(moved) == contents(copied));
    CHECK(moved.statement_count() == copied.statement_count());
  }
}

TEST_CASE("articles added in id order, out of order or with other articles' mentions give the same graph",
          "[graph][store]") {
  // KnowledgeGraph::add appends the mentions and statements of an article whose id sorts after all the
  // graph has; the reference adds everything entity by entity and statement by statement, comparing ids.
  std::mt19937 rng(20261126);
  for (int round = 0; round < 40; ++round) {
    const int entities = 3 + static_cast<int>(rng() % 8);
    std::vector<int> order(8);
    for (int d = 0; d < 8; ++d) order[static_cast<std::size_t>(d)] = d;
    if (round % 2) std::shuffle(order.begin(), order.end(), rng);  // else ascending, as a build adds them
    KnowledgeGraph added, reference;
    for (int d : order) {
      DocumentGraph dg;
      dg.document.id = "d" + std::to_string(d) + ".txt";
      // Now and then an article with mentions and statements of others too, which must not take the
      // shortcut.
      const bool mixed = rng() % 4 == 0;
      auto document = [&] { return mixed && rng() % 3 == 0 ? "d" + std::to_string(rng() % 8) + ".txt" : dg.document.id; };
      for (int i = 0; i < entities; ++i) {
        if (rng() % 3 == 0) continue;
        Entity e = random_entity(rng, i);
        e.confidence = 1.0;  // one type and name per entity id, whatever the order
        e.aliases = {"alias " + std::to_string(rng() % 4)};
        // Mentions out of order and repeated, as a JSON Lines file may give them.
        for (int m = 0; m < 3; ++m)
          e.mentions.push_back({document(), {static_cast<std::uint32_t>(rng() % 6), 10}, kNames[rng() % 6], MentionKind::Name});
        dg.entities.push_back(e);
        if (rng() % 8 == 0) dg.entities.push_back(e);  // the same entity twice in one article
      }
      for (int k = 0; k < 12; ++k) {
        Statement st = random_statement(rng, entities);
        st.document = document();
        const auto known = [&](const std::string& id) {
          return std::any_of(dg.entities.begin(), dg.entities.end(), [&](const Entity& e) { return e.id == id; });
        };
        if (known(st.subject) && known(st.object)) dg.statements.push_back(st);
      }
      reference.add_document(dg.document);
      for (const auto& e : dg.entities) reference.add_entity(e);
      for (const auto& st : dg.statements) reference.add_statement(st);
      if (rng() % 2)
        added.add(dg);
      else
        added.add(std::move(dg));
    }
    check_columns(added);
    REQUIRE(contents(added) == contents(reference));
    CHECK(added.statement_count() == reference.statement_count());
  }
}

TEST_CASE("an article whose statement is refused still counts as the graph's newest", "[graph][store]") {
  // d2's entity is added before its statement is refused; d1, which sorts before d2, must then be merged,
  // not appended after d2's mentions.
  KnowledgeGraph g;
  auto article = [](const std::string& id, bool bad_statement) {
    DocumentGraph dg;
    dg.document.id = id;
    Entity e;
    e.id = "sudani";
    e.type = EntityType::Person;
    e.mentions.push_back({id, {0, 8}, "السوداني", MentionKind::Name});
    dg.entities.push_back(e);
    if (bad_statement) {
      Statement st;
      st.subject = "sudani";
      st.relation = "meets";
      st.object = "nobody";
      st.document = id;
      dg.statements.push_back(st);
    }
    return dg;
  };
  CHECK_THROWS_AS(g.add(article("d2.txt", true)), std::invalid_argument);
  g.add(article("d1.txt", false));
  const auto& mentions = g.entity("sudani")->mentions;
  REQUIRE(mentions.size() == 2);
  CHECK(mentions[0].document == "d1.txt");
  CHECK(mentions[1].document == "d2.txt");
}

TEST_CASE("the edge table finds every key through its growth, and no other", "[graph][store]") {
  // Keys crowded on few vertices and relations, as a news graph's are: many share a home slot, so a
  // probe that stopped early or a growth that lost a slot would show.
  std::mt19937 rng(11);
  std::uniform_int_distribution<detail::VertexIndex> vertex(0, 90);
  std::uniform_int_distribution<int> relation(0, 13);
  detail::EdgeTable table;
  std::map<std::tuple<detail::VertexIndex, detail::VertexIndex, detail::RelationId>, detail::EdgeIndex> want;
  auto key_of = [](const auto& t) { return detail::EdgeKey{std::get<0>(t), std::get<1>(t), std::get<2>(t)}; };
  for (int i = 0; i < 20000; ++i) {
    const auto t = std::make_tuple(vertex(rng), vertex(rng), static_cast<detail::RelationId>(relation(rng)));
    if (want.count(t)) {
      CHECK(table.find(key_of(t)) == want[t]);
      continue;
    }
    CHECK(table.find(key_of(t)) == detail::EdgeTable::kNone);
    const auto index = static_cast<detail::EdgeIndex>(want.size());
    table.insert(key_of(t), index);
    want[t] = index;
  }
  REQUIRE(table.size() == want.size());
  REQUIRE(want.size() > 10000);
  for (const auto& [t, index] : want) CHECK(table.find(key_of(t)) == index);
  CHECK(table.find({91, 0, 0}) == detail::EdgeTable::kNone);
  CHECK(table.find({0, 0, 14}) == detail::EdgeTable::kNone);
}

TEST_CASE("the vertex table finds every id through its growth, and no other", "[graph][store]") {
  // Ids that are prefixes of one another ("e1", "e12", "e123"), in random order, filling the table to half
  // before each growth: a probe that stopped early or a growth that lost a slot would show.
  std::vector<std::string> ids;
  for (int i = 0; i < 20000; ++i) ids.push_back((i % 3 ? "e" : "كيان_") + std::to_string(i));
  std::shuffle(ids.begin(), ids.end(), std::mt19937(12));
  detail::TextColumn column;
  detail::VertexTable table;
  for (std::size_t v = 0; v < ids.size(); ++v) {
    CHECK(table.find(ids[v], column) == detail::VertexTable::kNone);
    column.set(v, ids[v]);
    table.insert(ids[v], static_cast<detail::VertexIndex>(v));
    CHECK(table.find(ids[v], column) == v);
  }
  REQUIRE(table.size() == ids.size());
  for (std::size_t v = 0; v < ids.size(); ++v) CHECK(table.find(ids[v], column) == v);
  for (const char* absent : {"", "e", "e20000", "كيان_1", "e-1", "E12"})
    CHECK(table.find(absent, column) == detail::VertexTable::kNone);
}

TEST_CASE("a merge that changes an entity's type and name updates its columns", "[graph][store]") {
  KnowledgeGraph g;
  Entity e;
  e.id = "sudani";
  e.type = EntityType::Organization;
  e.name_ar = "السودانى";
  e.confidence = 0.5;
  g.add_entity(e);
  Entity stronger = e;
  stronger.type = EntityType::Person;
  stronger.confidence = 1.0;
  stronger.name_ar = "";
  stronger.name_en = "Sudani";
  g.add_entity(stronger);
  check_columns(g);
  CHECK(g.store().vertices.type[0] == EntityType::Person);
  CHECK(g.store().vertices.name.folded(0) == "السوداني");
  CHECK(g.store().vertices.name_en.text(0) == "Sudani");
  CHECK(query::run("MATCH (a:Person) RETURN count(*)", g).rows[0][0] == query::Value{std::int64_t{1}});
  CHECK(query::run("MATCH (a:Organization) RETURN count(*)", g).rows[0][0] == query::Value{std::int64_t{0}});
  CHECK(query::run("MATCH (a) WHERE a.name = 'السوداني' RETURN a.name_en", g).rows[0][0] ==
        query::Value{std::string("Sudani")});
}

TEST_CASE("whole-graph scans agree with a brute force over relationships()", "[query][store][crosscheck]") {
  std::mt19937 rng(77);
  // A WHERE condition on r, its text and the same condition in C++ over the edge's summary.
  struct Condition {
    std::string text;
    std::function<bool(const Summary&)> holds;
  };
  const std::vector<Condition> conditions = {
      {"", [](const Summary&) { return true; }},
      {"r.confidence > 0.5", [](const Summary& s) { return s.confidence > 0.5; }},
      {"r.polarity = 'negative'", [](const Summary& s) { return !s.positive; }},
      {"r.modality <> 'asserted'", [](const Summary& s) { return s.modality != Modality::Asserted; }},
      {"r.date >= '2024-05-15'", [](const Summary& s) { return !s.date.empty() && s.date >= "2024-05-15"; }},
      {"r.document IN ['d1.txt', 'd3.txt']", [](const Summary& s) { return s.document == "d1.txt" || s.document == "d3.txt"; }},
      {"r.evidence >= 2 OR r.confidence <= 0.3", [](const Summary& s) { return s.evidence >= 2 || s.confidence <= 0.3; }},
      {"r.date IS NULL", [](const Summary& s) { return s.date.empty(); }},
  };
  for (int round = 0; round < 40; ++round) {
    const int entities = 4 + static_cast<int>(rng() % 30);
    const auto g = random_graph(rng, entities, static_cast<int>(rng() % 150));
    const auto relationships = g.relationships();
    for (int q = 0; q < 12; ++q) {
      // (a[:L])-[r[:T|U]]->(b[:M]) in any direction, with one condition on r.
      std::vector<std::string> types;
      for (const char* t : kRelations)
        if (rng() % 3 == 0) types.push_back(t);
      const std::optional<EntityType> left = rng() % 2 ? std::optional(kTypes[rng() % 4]) : std::nullopt;
      const std::optional<EntityType> right = rng() % 3 ? std::nullopt : std::optional(kTypes[rng() % 4]);
      const int direction = static_cast<int>(rng() % 3);  // ->, <-, -
      const auto& condition = conditions[rng() % conditions.size()];

      std::string text = "MATCH (a" + (left ? ":" + std::string(to_string(*left)) : "") + ")" +
                         (direction == 1 ? "<-[r" : "-[r");
      for (std::size_t k = 0; k < types.size(); ++k) text += (k ? "|" : ":") + types[k];
      text += direction == 0 ? "]->" : "]-";
      text += "(b" + (right ? ":" + std::string(to_string(*right)) : "") + ")";
      if (!condition.text.empty()) text += " WHERE " + condition.text;
      INFO(text);

      std::multiset<std::string> want;
      std::map<std::string, std::int64_t> want_groups;
      for (const auto& r : relationships) {
        if (!types.empty() && std::find(types.begin(), types.end(), r.relation) == types.end()) continue;
        if (!condition.holds(summary(r))) continue;
        auto add = [&](std::string_view a, std::string_view b) {
          if (left && g.entity(a)->type != *left) return;
          if (right && g.entity(b)->type != *right) return;
          want.insert(std::string(a) + "|" + std::string(b));
          ++want_groups[std::string(r.relation)];
        };
        if (direction == 0) add(r.subject, r.object);
        else if (direction == 1) add(r.object, r.subject);
        else {
          add(r.subject, r.object);
          if (r.subject != r.object) add(r.object, r.subject);
        }
      }

      const auto pairs = row_texts(query::run(text + " RETURN a.id, b.id", g));
      CHECK(std::multiset<std::string>(pairs.begin(), pairs.end()) == want);
      const auto count = query::run(text + " RETURN count(*)", g);
      CHECK(count.rows[0][0] == query::Value{static_cast<std::int64_t>(want.size())});
      // Grouped counts come out in key order.
      std::vector<std::string> grouped;
      for (const auto& [relation, n] : want_groups) grouped.push_back(relation + "|" + std::to_string(n));
      CHECK(row_texts(query::run(text + " RETURN r.relation, count(*)", g)) == grouped);
    }
  }
}

TEST_CASE("LIMIT and ORDER BY with LIMIT give a prefix of the unlimited rows", "[query][store]") {
  std::mt19937 rng(5);
  const auto g = random_graph(rng, 40, 300);
  const std::vector<std::string> queries = {
      // Many ties on confidence and relation: the kept rows must be the first in emission order.
      "MATCH (a)-[r]->(b) RETURN a.id, r.relation, r.confidence ORDER BY r.confidence DESC",
      "MATCH (a)-[r:attacks|supports]-(b) RETURN r.relation, b.id ORDER BY r.relation",
      "MATCH (a:Person)-[r]->(b) RETURN a.id, b.id ORDER BY b.name, r.date DESC",
      "MATCH (a)-[r]->(b)-[s]->(c) RETURN a.id, c.id ORDER BY s.confidence, a.id",
      "MATCH (a)-[r]->(b) RETURN a.id, b.id",
      "MATCH (a)-[r]->(b) RETURN b.id, count(*) AS n ORDER BY n DESC",
      "MATCH (a)-[r]->(b) RETURN DISTINCT b.id, r.relation ORDER BY r.relation",
  };
  for (const auto& text : queries) {
    const auto all = row_texts(query::run(text, g));
    REQUIRE(all.size() > 12);
    for (const auto& [skip, limit] : std::vector<std::pair<std::size_t, std::size_t>>{{0, 0}, {0, 1}, {0, 7}, {3, 5}, {10, 100000}}) {
      const std::string limited = text + " SKIP " + std::to_string(skip) + " LIMIT " + std::to_string(limit);
      INFO(limited);
      const auto end = std::min(all.size(), skip + limit);
      const std::vector<std::string> want(all.begin() + static_cast<std::ptrdiff_t>(std::min(skip, all.size())),
                                          all.begin() + static_cast<std::ptrdiff_t>(end));
      CHECK(row_texts(query::run(limited, g)) == want);
    }
  }
}

TEST_CASE("grouped counts agree with a brute force, whatever the key", "[query][store][crosscheck]") {
  std::mt19937 rng(909);
  for (int round = 0; round < 15; ++round) {
    // Few distinct names, so that different entities share one (a key that is not an id).
    KnowledgeGraph g;
    const int entities = 5 + static_cast<int>(rng() % 20);
    for (int i = 0; i < entities; ++i) {
      Entity e = random_entity(rng, i);
      e.name_ar = rng() % 4 ? kNames[rng() % 3] : "";
      g.add_entity(e);
    }
    for (int k = 0; k < 120; ++k) g.add_statement(random_statement(rng, entities));

    struct Key {
      std::string text;  // RETURN item
      std::function<std::string(const Entity&, const Relationship&, const Summary&)> of;
    };
    auto number = [](double d) { return query::to_text(query::Value{d}); };
    const std::vector<Key> keys = {
        {"a.id", [](const Entity& a, const Relationship&, const Summary&) { return a.id; }},
        {"a", [](const Entity& a, const Relationship&, const Summary&) { return a.id; }},
        {"a.name", [](const Entity& a, const Relationship&, const Summary&) { return a.name_ar; }},
        {"a.type", [](const Entity& a, const Relationship&, const Summary&) { return std::string(to_string(a.type)); }},
        {"r.relation", [](const Entity&, const Relationship& r, const Summary&) { return std::string(r.relation); }},
        {"r.confidence", [&](const Entity&, const Relationship&, const Summary& s) { return number(s.confidence); }},
        {"r.date", [](const Entity&, const Relationship&, const Summary& s) { return s.date; }},
        {"r.polarity", [](const Entity&, const Relationship&, const Summary& s) {
           return std::string(s.positive ? "positive" : "negative");
         }},
        {"r", [](const Entity&, const Relationship& r, const Summary&) {
           return std::string(r.subject) + "-" + std::string(r.relation) + "->" + std::string(r.object);
         }},
    };
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const auto& k1 = keys[i];
      const auto& k2 = keys[rng() % keys.size()];
      const std::string text = "MATCH (a)-[r]->(b) RETURN " + k1.text + " AS k1, " + k2.text +
                               " AS k2, count(*), count(DISTINCT b.id), count(b.name)";
      INFO(text);
      std::map<std::pair<std::string, std::string>, std::tuple<std::int64_t, std::set<std::string>, std::int64_t>> want;
      for (const auto& r : g.relationships()) {
        const Entity& a = *g.entity(r.subject);
        const Entity& b = *g.entity(r.object);
        const Summary s = summary(r);
        auto& [n, distinct, named] = want[{k1.of(a, r, s), k2.of(a, r, s)}];
        ++n;
        distinct.insert(b.id);
        if (!b.name_ar.empty()) ++named;
      }
      std::multiset<std::string> expected;
      for (const auto& [key, c] : want)
        expected.insert(key.first + "|" + key.second + "|" + std::to_string(std::get<0>(c)) + "|" +
                        std::to_string(std::get<1>(c).size()) + "|" + std::to_string(std::get<2>(c)));
      const auto got = row_texts(query::run(text, g));
      CHECK(std::multiset<std::string>(got.begin(), got.end()) == expected);
      // Without ORDER BY, groups come out in key order.
      const auto keyed = query::run("MATCH (a)-[r]->(b) RETURN " + k1.text + " AS k, count(*)", g);
      CHECK(std::is_sorted(keyed.rows.begin(), keyed.rows.end(), [](const auto& x, const auto& y) {
        return query::to_text(x[0]) < query::to_text(y[0]) && x[0].index() == y[0].index();
      }));
    }
  }
}

TEST_CASE("conditions on node properties agree with a brute force", "[query][store][crosscheck]") {
  std::mt19937 rng(31);
  KnowledgeGraph g;
  for (int i = 0; i < 60; ++i) {
    Entity e = random_entity(rng, i);
    if (rng() % 3 == 0) e.name_ar = kNames[rng() % 6];  // some names shared, some differing only in folding
    g.add_entity(e);
  }
  for (int k = 0; k < 200; ++k) g.add_statement(random_statement(rng, 60));
  struct Condition {
    std::string text;  // on variable b
    std::function<bool(const Entity&)> holds;
  };
  auto folded = [](const std::string& s) { return query::fold(s); };
  const std::vector<Condition> conditions = {
      {"b.name CONTAINS 'السودانى'", [&](const Entity& e) { return !e.name_ar.empty() && folded(e.name_ar).find(folded("السودانى")) != std::string::npos; }},
      {"b.name = 'إسبانيا'", [&](const Entity& e) { return !e.name_ar.empty() && folded(e.name_ar) == folded("إسبانيا"); }},
      {"'كتائب' = b.name", [&](const Entity& e) { return !e.name_ar.empty() && folded(e.name_ar) == folded("كتائب"); }},
      {"b.name <> 'الجماعة'", [&](const Entity& e) { return !e.name_ar.empty() && folded(e.name_ar) != folded("الجماعة"); }},
      {"b.name STARTS WITH 'ال'", [&](const Entity& e) { return !e.name_ar.empty() && folded(e.name_ar).rfind("ال", 0) == 0; }},
      {"b.name_en ENDS WITH '1'", [](const Entity& e) { return !e.name_en.empty() && e.name_en.back() == '1'; }},
      {"b.id STARTS WITH 'e1'", [](const Entity& e) { return e.id.rfind("e1", 0) == 0; }},
      {"b.id = 'e7'", [](const Entity& e) { return e.id == "e7"; }},
      {"b.type = 'Person'", [](const Entity& e) { return e.type == EntityType::Person; }},
      {"b.type IN ['Place', 'Country']", [](const Entity& e) { return e.type == EntityType::Place || e.type == EntityType::Country; }},
      {"b.name IS NULL", [](const Entity& e) { return e.name_ar.empty(); }},
      {"NOT b.name CONTAINS 'ا'", [&](const Entity& e) { return !e.name_ar.empty() && folded(e.name_ar).find("ا") == std::string::npos; }},
  };
  const auto relationships = g.relationships();
  for (const auto& c : conditions) {
    INFO(c.text);
    std::multiset<std::string> nodes, pairs;
    for (const auto* e : g.entities())
      if (c.holds(*e)) nodes.insert(e->id);
    for (const auto& r : relationships)
      if (r.relation == "attacks" && c.holds(*g.entity(r.object))) pairs.insert(std::string(r.subject) + "|" + std::string(r.object));
    const auto got_nodes = row_texts(query::run("MATCH (b) WHERE " + c.text + " RETURN b.id", g));
    CHECK(std::multiset<std::string>(got_nodes.begin(), got_nodes.end()) == nodes);
    // Checked while stepping from an anchored node, and during an edge scan.
    std::multiset<std::string> stepped;
    for (const auto* a : g.entities()) {
      const auto rows = row_texts(query::run("MATCH (a {id: '" + a->id + "'})-[:attacks]->(b) WHERE " + c.text + " RETURN a.id, b.id", g));
      stepped.insert(rows.begin(), rows.end());
    }
    CHECK(stepped == pairs);
    const auto scanned = row_texts(query::run("MATCH (a)-[:attacks]->(b) WHERE " + c.text + " RETURN a.id, b.id", g));
    CHECK(std::multiset<std::string>(scanned.begin(), scanned.end()) == pairs);
  }
}

TEST_CASE("a shortest path to a known end stops early and finds the path the full search finds", "[query][store]") {
  std::mt19937 rng(4242);
  int found = 0;
  for (int round = 0; round < 10; ++round) {
    const int entities = 8 + static_cast<int>(rng() % 20);
    const auto g = random_graph(rng, entities, 20 + static_cast<int>(rng() % 60));
    for (int q = 0; q < 15; ++q) {
      const std::string a = "e" + std::to_string(rng() % static_cast<unsigned>(entities));
      const std::string b = "e" + std::to_string(rng() % static_cast<unsigned>(entities));
      const std::string arrow = rng() % 2 ? "]->" : "]-";
      const std::string hops = std::to_string(1 + rng() % 4);
      // Pinned by a property map, and by WHERE b.id = (an id hint); IN [...] pins nothing: full search.
      const std::string pinned = "MATCH p = shortestPath((a {id: '" + a + "'})-[*.." + hops + arrow + "(b {id: '" + b + "'})) RETURN b.id, length(p)";
      const std::string hinted = "MATCH p = shortestPath((a {id: '" + a + "'})-[*.." + hops + arrow + "(b)) WHERE b.id = '" + b + "' RETURN b.id, length(p)";
      const std::string full = "MATCH p = shortestPath((a {id: '" + a + "'})-[*.." + hops + arrow + "(b)) WHERE b.id IN ['" + b + "'] RETURN b.id, length(p)";
      INFO(pinned);
      const query::EvaluateOptions subgraph{.collect_subgraph = true};
      const auto want = query::Query::parse(full).bind().evaluate(g, subgraph);
      for (const auto& text : {pinned, hinted}) {
        const auto got = query::Query::parse(text).bind().evaluate(g, subgraph);
        CHECK(got.rows == want.rows);
        CHECK(got.matched_relationships == want.matched_relationships);  // the same path, not just as short
      }
      found += want.rows.empty() ? 0 : 1;
    }
  }
  CHECK(found > 20);
}
