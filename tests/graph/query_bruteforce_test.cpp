// Cross-check: the evaluator against a brute-force matcher on small random graphs (fixed seeds). The
// brute force tries every assignment of vertices to node variables and counts, per relationship
// pattern, the matching edges (or, for variable-length patterns, the trails built from the whole edge
// list); each assignment yields that product of rows.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "graph/knowledge_graph.h"
#include "graph/query/query.h"

using namespace newsgraph::graph;

namespace {

const char* kRelations[] = {"attacks", "demands", "meets"};  // meets is symmetric
const EntityType kTypes[] = {EntityType::Person, EntityType::Organization, EntityType::Country, EntityType::Place};

struct RandomGraph {
  KnowledgeGraph graph;
  std::vector<std::string> ids;
  std::vector<EntityType> types;
};

RandomGraph random_graph(std::mt19937& rng) {
  RandomGraph out;
  const int n = 3 + static_cast<int>(rng() % 4);
  out.graph.add_document(Document{"doc.txt", "", ""});
  for (int i = 0; i < n; ++i) {
    Entity e;
    e.id = "e" + std::to_string(i);
    e.type = kTypes[rng() % 4];
    e.name_ar = "كيان " + std::to_string(i);
    out.graph.add_entity(e);
    out.ids.push_back(e.id);
    out.types.push_back(e.type);
  }
  const int m = static_cast<int>(rng() % 10);
  for (int k = 0; k < m; ++k) {
    Statement s;
    std::size_t a = rng() % out.ids.size(), b = rng() % out.ids.size();
    s.relation = kRelations[rng() % 3];
    if (s.relation == "meets" && a > b) std::swap(a, b);
    s.subject = out.ids[a];
    s.object = out.ids[b];
    s.document = "doc.txt";
    s.confidence = 0.5;
    out.graph.add_statement(s);
  }
  return out;
}

struct NodeSpec {
  int variable;  // index into distinct variables
  std::optional<EntityType> label;
  std::optional<std::size_t> id;
};
struct RelSpec {
  int direction;  // 0 ->, 1 <-, 2 undirected
  std::vector<std::string> types;
  bool variable_length = false;
  unsigned min_hops = 1, max_hops = 1;
};

}  // namespace

TEST_CASE("the evaluator agrees with a brute-force matcher on random graphs", "[query][crosscheck]") {
  std::mt19937 rng(424242);
  int nonempty = 0;
  for (int round = 0; round < 300; ++round) {
    const auto g = random_graph(rng);
    const auto rels = g.graph.relationships();
    const std::size_t V = g.ids.size();

    // A random path pattern of 1-3 nodes; the last node may reuse the first variable (a cycle).
    const int length = static_cast<int>(rng() % 3);
    std::vector<NodeSpec> nodes;
    std::vector<RelSpec> specs;
    int variables = 0;
    for (int i = 0; i <= length; ++i) {
      NodeSpec n{variables, std::nullopt, std::nullopt};
      if (i == length && i >= 2 && rng() % 3 == 0) n.variable = 0;
      else ++variables;
      if (rng() % 4 == 0) n.label = kTypes[rng() % 4];
      if (rng() % 6 == 0) n.id = rng() % V;
      nodes.push_back(n);
      if (i < length) {
        RelSpec r;
        r.direction = static_cast<int>(rng() % 3);
        for (const char* t : kRelations)
          if (rng() % 3 == 0) r.types.push_back(t);
        if (rng() % 3 == 0) {
          r.variable_length = true;
          r.min_hops = 1 + rng() % 2;
          r.max_hops = r.min_hops + rng() % 2;
        }
        specs.push_back(r);
      }
    }

    // The query text.
    std::string text = "MATCH ";
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      text += "(n" + std::to_string(nodes[i].variable);
      if (nodes[i].label) text += ":" + std::string(to_string(*nodes[i].label));
      if (nodes[i].id) text += " {id: '" + g.ids[*nodes[i].id] + "'}";
      text += ")";
      if (i < specs.size()) {
        const auto& r = specs[i];
        text += r.direction == 1 ? "<-[" : "-[";
        for (std::size_t k = 0; k < r.types.size(); ++k) text += (k ? "|" : ":") + r.types[k];
        if (r.variable_length) text += "*" + std::to_string(r.min_hops) + ".." + std::to_string(r.max_hops);
        text += r.direction == 0 ? "]->" : "]-";
      }
    }
    text += " RETURN ";
    for (int v = 0; v < variables; ++v) text += (v ? ", n" : "n") + std::to_string(v) + ".id";
    INFO(text);

    // Brute force.
    auto edge_ok = [&](const Relationship& e, const RelSpec& r) {
      return r.types.empty() || std::find(r.types.begin(), r.types.end(), e.relation) != r.types.end();
    };
    // Ways to go from u to w over one edge of spec r.
    auto one_hop = [&](const Relationship& e, const RelSpec& r, const std::string& u, std::string& w) {
      if (!edge_ok(e, r)) return 0;
      int ways = 0;
      if (r.direction != 1 && e.subject == u) {
        w = std::string(e.object);
        ways = 1;
      } else if (r.direction != 0 && e.object == u) {
        w = std::string(e.subject);
        ways = 1;
      }
      return ways;
    };
    std::function<long(const RelSpec&, const std::string&, const std::string&, std::vector<bool>&, unsigned)> trails =
        [&](const RelSpec& r, const std::string& u, const std::string& target, std::vector<bool>& used,
            unsigned hops) -> long {
      long total = 0;
      for (std::size_t k = 0; k < rels.size(); ++k) {
        if (used[k]) continue;
        std::string w;
        if (!one_hop(rels[k], r, u, w)) continue;
        used[k] = true;
        if (hops + 1 >= r.min_hops && w == target) ++total;
        if (hops + 1 < r.max_hops) total += trails(r, w, target, used, hops + 1);
        used[k] = false;
      }
      return total;
    };
    std::map<std::vector<std::string>, long> expected;
    std::vector<std::size_t> assign(static_cast<std::size_t>(variables), 0);
    std::function<void(int)> enumerate = [&](int v) {
      if (v < variables) {
        for (std::size_t x = 0; x < V; ++x) {
          assign[static_cast<std::size_t>(v)] = x;
          enumerate(v + 1);
        }
        return;
      }
      for (const auto& n : nodes) {
        const auto x = assign[static_cast<std::size_t>(n.variable)];
        if (n.label && g.types[x] != *n.label) return;
        if (n.id && *n.id != x) return;
      }
      long ways = 1;
      for (std::size_t i = 0; i < specs.size() && ways; ++i) {
        const auto& u = g.ids[assign[static_cast<std::size_t>(nodes[i].variable)]];
        const auto& w = g.ids[assign[static_cast<std::size_t>(nodes[i + 1].variable)]];
        long count = 0;
        if (specs[i].variable_length) {
          std::vector<bool> used(rels.size(), false);
          count = trails(specs[i], u, w, used, 0);
        } else {
          for (const auto& e : rels) {
            std::string other;
            if (one_hop(e, specs[i], u, other) && other == w) ++count;
          }
        }
        ways *= count;
      }
      if (!ways) return;
      std::vector<std::string> row;
      for (int k = 0; k < variables; ++k) row.push_back(g.ids[assign[static_cast<std::size_t>(k)]]);
      expected[row] += ways;
    };
    enumerate(0);

    std::map<std::vector<std::string>, long> actual;
    for (const auto& row : query::run(text, g.graph).rows) {
      std::vector<std::string> r;
      for (const auto& v : row) r.push_back(std::get<std::string>(v));
      ++actual[r];
    }
    CHECK(actual == expected);
    if (!expected.empty()) ++nonempty;
  }
  CHECK(nonempty > 100);  // the random patterns do find matches
}
