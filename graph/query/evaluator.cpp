// Evaluator: runs a BoundTree over the Boost.Graph store. Patterns are matched by backtracking from an
// anchor node (a bound variable, else a node with an id, else the most constrained node), single hops
// walk Boost out_edges/in_edges, variable-length hops enumerate trails (no edge twice in one path),
// shortestPath runs a breadth-first search. WHERE filters complete matches; RETURN projects, groups
// for count(), removes duplicates for DISTINCT, sorts, skips and limits.
#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>

#include "graph/detail/store.h"
#include "graph/knowledge_graph.h"
#include "graph/query/binder.h"

namespace newsgraph::graph::query {
namespace {

using detail::BoostGraph;
using detail::Edge;
using detail::Vertex;

// ---- values ----

bool is_number(const Value& v) {
  return std::holds_alternative<std::int64_t>(v) || std::holds_alternative<double>(v);
}
double as_double(const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return std::get<double>(v);
}
bool is_null(const Value& v) { return std::holds_alternative<std::monostate>(v); }

// Three-valued truth: nullopt is null.
using Truth = std::optional<bool>;

// Equality after Arabic folding for strings; null when either side is null.
Truth equals(const Value& a, const std::string* a_folded, const Value& b, const std::string* b_folded) {
  if (is_null(a) || is_null(b)) return std::nullopt;
  if (is_number(a) && is_number(b)) {
    if (std::holds_alternative<std::int64_t>(a) && std::holds_alternative<std::int64_t>(b))
      return std::get<std::int64_t>(a) == std::get<std::int64_t>(b);
    return as_double(a) == as_double(b);
  }
  if (const auto* sa = std::get_if<std::string>(&a)) {
    const auto* sb = std::get_if<std::string>(&b);
    if (!sb) return false;
    return (a_folded ? *a_folded : fold(*sa)) == (b_folded ? *b_folded : fold(*sb));
  }
  if (a.index() != b.index()) return false;
  return std::get<bool>(a) == std::get<bool>(b);
}

// Ordering for <, <=, >, >=: numbers numerically, strings by bytes, booleans false < true; null
// (nullopt) when either side is null or the types differ.
std::optional<int> compare_values(const Value& a, const Value& b) {
  if (is_null(a) || is_null(b)) return std::nullopt;
  if (is_number(a) && is_number(b)) {
    if (std::holds_alternative<std::int64_t>(a) && std::holds_alternative<std::int64_t>(b)) {
      const auto x = std::get<std::int64_t>(a), y = std::get<std::int64_t>(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const double x = as_double(a), y = as_double(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.index() != b.index()) return std::nullopt;
  if (const auto* s = std::get_if<std::string>(&a)) {
    const int c = s->compare(std::get<std::string>(b));
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  return static_cast<int>(std::get<bool>(a)) - static_cast<int>(std::get<bool>(b));
}

// A total order for sorting, grouping and DISTINCT: numbers < strings < booleans < null (null last
// ascending, as in Cypher and Kùzu).
int rank(const Value& v) {
  if (is_number(v)) return 0;
  if (std::holds_alternative<std::string>(v)) return 1;
  if (std::holds_alternative<bool>(v)) return 2;
  return 3;
}
int total_compare(const Value& a, const Value& b) {
  const int ra = rank(a), rb = rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (ra == 3) return 0;
  if (ra == 0 && std::holds_alternative<std::int64_t>(a) != std::holds_alternative<std::int64_t>(b)) {
    const double x = as_double(a), y = as_double(b);
    if (x != y) return x < y ? -1 : 1;
    return std::holds_alternative<std::int64_t>(a) ? -1 : 1;  // 1 and 1.0 stay distinct values
  }
  return *compare_values(a, b);
}
struct ValueLess {
  bool operator()(const Value& a, const Value& b) const { return total_compare(a, b) < 0; }
};
struct RowLess {
  bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
      if (int c = total_compare(a[i], b[i]); c != 0) return c < 0;
    return a.size() < b.size();
  }
};

Value string_or_null(const std::string& s) { return s.empty() ? Value{} : Value{s}; }

// ---- the matcher ----

struct SlotValue {
  bool bound = false;
  Vertex vertex = 0;
  Edge edge;
  std::vector<Edge> edges;  // EdgeList and Path slots
};

class Evaluator {
 public:
  Evaluator(const BoundTree& tree, const KnowledgeGraph& graph, bool collect_subgraph)
      : tree_(tree),
        g_(graph.store().graph),
        store_(graph.store()),
        collect_subgraph_(collect_subgraph),
        slots_(tree.slots.size()),
        filters_(tree.slots.size()),
        id_hint_(tree.slots.size()) {
    if (tree.where) {
      where_fully_pushed_ = true;
      push_down(*tree.where);
    }
    ungrouped_ = tree.aggregate && std::all_of(tree.items.begin(), tree.items.end(), [](const BoundExpr& e) {
      return e.kind == ExprKind::Count || e.kind == ExprKind::CountStar;
    });
  }

  ResultSet run() {
    ResultSet result;
    result.columns = tree_.columns;
    if (collect_subgraph_) vertex_used_.assign(boost::num_vertices(g_), false);
    match_pattern(0);
    finish(result);
    return result;
  }

 private:
  // ---- WHERE push-down ----

  // Conjuncts of WHERE that mention a single node or relationship variable are also checked as soon
  // as that variable is bound, so that non-matching branches are cut early (WHERE is still checked
  // whole at the end). `a.id = 'x'` also lets the matcher start at that entity.
  void push_down(const BoundExpr& e) {
    if (e.kind == ExprKind::And) {
      for (const auto& c : e.children) push_down(c);
      return;
    }
    std::vector<int> slots;
    collect_slots(e, slots);
    std::sort(slots.begin(), slots.end());
    slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
    const SlotKind kind = slots.size() == 1 ? tree_.slots[static_cast<std::size_t>(slots[0])] : SlotKind::Path;
    if (kind != SlotKind::Node && kind != SlotKind::Edge) {
      where_fully_pushed_ = false;
      return;
    }
    const auto slot = static_cast<std::size_t>(slots[0]);
    filters_[slot].push_back(&e);
    if (kind == SlotKind::Node && e.kind == ExprKind::Compare && e.op == CompareOp::Eq) {
      for (int side = 0; side < 2; ++side) {
        const auto& p = e.children[static_cast<std::size_t>(side)];
        const auto& l = e.children[static_cast<std::size_t>(1 - side)];
        if (p.kind == ExprKind::Property && p.property == static_cast<int>(NodeProperty::Id) &&
            l.kind == ExprKind::Literal && std::holds_alternative<std::string>(l.value) &&
            std::get<std::string>(l.value) == l.folded)
          id_hint_[slot] = l.folded;
      }
    }
  }

  static void collect_slots(const BoundExpr& e, std::vector<int>& out) {
    if (e.slot >= 0) out.push_back(e.slot);
    for (const auto& c : e.children) collect_slots(c, out);
  }

  bool passes_filters(std::size_t slot) const {
    for (const auto* f : filters_[slot])
      if (test(*f) != Truth(true)) return false;
    return true;
  }

  // ---- properties ----

  Value node_property(Vertex v, int property) const {
    const Entity& e = g_[v].entity;
    switch (static_cast<NodeProperty>(property)) {
      case NodeProperty::Id: return e.id;
      case NodeProperty::Type: return std::string(to_string(e.type));
      case NodeProperty::Name: return string_or_null(e.name_ar);
      case NodeProperty::NameEn: return string_or_null(e.name_en);
    }
    return {};
  }

  Value edge_property(const Edge& edge, int property) const {
    const auto& props = g_[edge];
    const auto& statements = props.statements;
    switch (static_cast<EdgeProperty>(property)) {
      case EdgeProperty::Relation: return props.relation;
      case EdgeProperty::Polarity: {
        const bool positive = std::any_of(statements.begin(), statements.end(),
                                          [](const Statement& s) { return s.polarity == Polarity::Positive; });
        return std::string(to_string(positive ? Polarity::Positive : Polarity::Negative));
      }
      case EdgeProperty::Modality: {
        if (statements.empty()) return {};
        Modality m = statements.front().modality;
        for (const auto& s : statements) m = std::min(m, s.modality);
        return std::string(to_string(m));
      }
      case EdgeProperty::Confidence: {
        if (statements.empty()) return {};
        double c = statements.front().confidence;
        for (const auto& s : statements) c = std::max(c, s.confidence);
        return c;
      }
      case EdgeProperty::Date: return statements.empty() ? Value{} : string_or_null(statements.front().date);
      case EdgeProperty::Document: return statements.empty() ? Value{} : string_or_null(statements.front().document);
      case EdgeProperty::Evidence: {
        std::int64_t n = 0;
        for (const auto& s : statements) n += static_cast<std::int64_t>(s.evidence.size());
        return n;
      }
    }
    return {};
  }

  bool node_matches(Vertex v, const BoundNode& n) const {
    if (n.label && g_[v].entity.type != *n.label) return false;
    for (const auto& t : n.properties)
      if (equals(node_property(v, t.property), nullptr, t.value, &t.folded) != Truth(true)) return false;
    return true;
  }

  bool edge_matches(const Edge& e, const BoundRel& r) const {
    if (!r.types.empty() && std::find(r.types.begin(), r.types.end(), g_[e].relation) == r.types.end()) return false;
    for (const auto& t : r.properties)
      if (equals(edge_property(e, t.property), nullptr, t.value, &t.folded) != Truth(true)) return false;
    return true;
  }

  // Calls f(edge, other end) for every edge at `v` that pattern `r` may cross, walking the pattern
  // rightwards (from the rel's left node to its right node) or leftwards.
  template <typename F>
  void for_each_step(Vertex v, const BoundRel& r, bool rightwards, F&& f) const {
    const bool out = r.direction == Direction::Both || (r.direction == Direction::Right) == rightwards;
    const bool in = r.direction == Direction::Both || (r.direction == Direction::Left) == rightwards;
    // Edge properties live in list nodes scattered over the heap: fetch a few edges ahead so that
    // checking the relation does not wait on memory edge after edge.
    const int lookahead = r.types.empty() && r.properties.empty() ? 0 : 6;
    if (out) {
      auto [it, end] = boost::out_edges(v, g_);
      auto ahead = it;
      for (int k = 0; k < lookahead && ahead != end; ++k, ++ahead) __builtin_prefetch((*ahead).get_property());
      for (; it != end; ++it) {
        if (lookahead && ahead != end) __builtin_prefetch((*ahead++).get_property());
        const Edge e = *it;
        if (edge_matches(e, r)) f(e, boost::target(e, g_));
      }
    }
    if (in) {
      auto [it, end] = boost::in_edges(v, g_);
      auto ahead = it;
      for (int k = 0; k < lookahead && ahead != end; ++k, ++ahead) __builtin_prefetch((*ahead).get_property());
      for (; it != end; ++it) {
        if (lookahead && ahead != end) __builtin_prefetch((*ahead++).get_property());
        const Edge e = *it;
        const Vertex s = boost::source(e, g_);
        if (out && s == v) continue;  // a self-loop was already seen as an out-edge
        if (edge_matches(e, r)) f(e, s);
      }
    }
  }

  // ---- matching ----

  // Binds node pattern n to vertex v (or checks an existing binding) and continues with k().
  template <typename K>
  void with_node(const BoundNode& n, Vertex v, K&& k) {
    auto& slot = slots_[static_cast<std::size_t>(n.slot)];
    if (slot.bound) {
      if (slot.vertex == v && node_matches(v, n)) k();
      return;
    }
    if (!node_matches(v, n)) return;
    slot.bound = true;
    slot.vertex = v;
    if (passes_filters(static_cast<std::size_t>(n.slot))) k();
    slot.bound = false;
  }

  // How constrained a node pattern is: bound > an id > property tests > a label > nothing.
  int anchor_score(const BoundNode& n) const {
    if (slots_[static_cast<std::size_t>(n.slot)].bound) return 100;
    if (id_hint_[static_cast<std::size_t>(n.slot)] ||
        std::any_of(n.properties.begin(), n.properties.end(), [](const BoundPropertyTest& t) {
          return t.property == static_cast<int>(NodeProperty::Id);
        }))
      return 50;
    return static_cast<int>(n.properties.size() + filters_[static_cast<std::size_t>(n.slot)].size()) * 10 +
           (n.label ? 1 : 0);
  }

  std::size_t choose_anchor(const BoundPath& p) const {
    std::size_t best = 0;
    int best_score = -1;
    for (std::size_t i = 0; i < p.nodes.size(); ++i) {
      const int score = anchor_score(p.nodes[i]);
      if (score > best_score) {
        best_score = score;
        best = i;
      }
    }
    return best;
  }

  template <typename K>
  void for_each_candidate(const BoundNode& n, K&& k) {
    const auto& slot = slots_[static_cast<std::size_t>(n.slot)];
    if (slot.bound) {
      with_node(n, slot.vertex, k);
      return;
    }
    for (const auto& t : n.properties) {
      const auto* id = std::get_if<std::string>(&t.value);
      if (t.property != static_cast<int>(NodeProperty::Id) || !id) continue;
      if (*id == t.folded) {  // ids are slugs: folding leaves them alone, so look the id up directly
        auto it = store_.vertex_by_id.find(*id);
        if (it != store_.vertex_by_id.end()) with_node(n, it->second, k);
        return;
      }
    }
    if (const auto& hint = id_hint_[static_cast<std::size_t>(n.slot)]) {
      auto it = store_.vertex_by_id.find(*hint);
      if (it != store_.vertex_by_id.end()) with_node(n, it->second, k);
      return;
    }
    for (auto v : boost::make_iterator_range(boost::vertices(g_))) with_node(n, v, k);
  }

  void match_pattern(std::size_t index) {
    if (index == tree_.paths.size()) {
      emit();
      return;
    }
    const BoundPath& p = tree_.paths[index];
    if (p.shortest) {
      match_shortest(p, index);
      return;
    }
    const std::size_t anchor = choose_anchor(p);
    for_each_candidate(p.nodes[anchor], [&] { extend_right(p, anchor, anchor, index); });
  }

  void extend_right(const BoundPath& p, std::size_t i, std::size_t anchor, std::size_t index) {
    if (i + 1 == p.nodes.size()) {
      extend_left(p, anchor, index);
      return;
    }
    step(p.rels[i], p.nodes[i], p.nodes[i + 1], true, [&] { extend_right(p, i + 1, anchor, index); });
  }

  void extend_left(const BoundPath& p, std::size_t i, std::size_t index) {
    if (i == 0) {
      finish_path(p, index);
      return;
    }
    step(p.rels[i - 1], p.nodes[i], p.nodes[i - 1], false, [&] { extend_left(p, i - 1, index); });
  }

  void finish_path(const BoundPath& p, std::size_t index) {
    if (p.slot < 0) {
      match_pattern(index + 1);
      return;
    }
    auto& path = slots_[static_cast<std::size_t>(p.slot)];
    path.edges.clear();
    for (const auto& r : p.rels) {
      const auto& s = slots_[static_cast<std::size_t>(r.slot)];
      if (r.variable_length) path.edges.insert(path.edges.end(), s.edges.begin(), s.edges.end());
      else path.edges.push_back(s.edge);
    }
    path.bound = true;
    match_pattern(index + 1);
    path.bound = false;
  }

  // Crosses rel r from the (bound) node `from` to node `to`, then calls k().
  template <typename K>
  void step(const BoundRel& r, const BoundNode& from, const BoundNode& to, bool rightwards, K&& k) {
    const Vertex v = slots_[static_cast<std::size_t>(from.slot)].vertex;
    auto& slot = slots_[static_cast<std::size_t>(r.slot)];
    if (!r.variable_length) {
      const bool filtered = !filters_[static_cast<std::size_t>(r.slot)].empty();
      for_each_step(v, r, rightwards, [&](const Edge& e, Vertex next) {
        slot.edge = e;
        slot.bound = true;
        if (!filtered || passes_filters(static_cast<std::size_t>(r.slot))) with_node(to, next, k);
        slot.bound = false;
      });
      return;
    }
    slot.edges.clear();
    slot.bound = true;
    trail(r, to, v, rightwards, k);
    slot.bound = false;
  }

  template <typename K>
  void trail(const BoundRel& r, const BoundNode& to, Vertex v, bool rightwards, K& k) {
    auto& slot = slots_[static_cast<std::size_t>(r.slot)];
    for_each_step(v, r, rightwards, [&](const Edge& e, Vertex next) {
      for (const auto& used : slot.edges)
        if (used == e) return;
      slot.edges.push_back(e);
      const auto hops = slot.edges.size();
      if (hops >= r.min_hops) with_node(to, next, k);
      if (hops < r.max_hops) trail(r, to, next, rightwards, k);
      slot.edges.pop_back();
    });
  }

  // shortestPath: breadth-first search from the more constrained end (walking the pattern backwards
  // when that is the right-hand node), one shortest path per reached end node.
  void match_shortest(const BoundPath& p, std::size_t index) {
    const BoundRel& r = p.rels[0];
    const bool from_left = anchor_score(p.nodes[0]) >= anchor_score(p.nodes[1]);
    const BoundNode& start = p.nodes[from_left ? 0 : 1];
    const BoundNode& end = p.nodes[from_left ? 1 : 0];
    for_each_candidate(start, [&] {
      const Vertex source = slots_[static_cast<std::size_t>(start.slot)].vertex;
      std::vector<std::uint32_t> depth(boost::num_vertices(g_), 0);
      std::vector<std::optional<Edge>> parent(boost::num_vertices(g_));
      std::vector<Vertex> order{source};
      std::vector<bool> seen(boost::num_vertices(g_), false);
      seen[source] = true;
      for (std::size_t head = 0; head < order.size(); ++head) {
        const Vertex u = order[head];
        if (depth[u] >= r.max_hops) continue;
        for_each_step(u, r, from_left, [&](const Edge& e, Vertex next) {
          if (seen[next]) return;
          seen[next] = true;
          depth[next] = depth[u] + 1;
          parent[next] = e;
          order.push_back(next);
        });
      }
      auto& rel = slots_[static_cast<std::size_t>(r.slot)];
      for (std::size_t i = 1; i < order.size(); ++i) {
        const Vertex t = order[i];
        rel.edges.clear();
        for (Vertex x = t; x != source;) {
          const Edge e = *parent[x];
          rel.edges.push_back(e);
          x = boost::source(e, g_) == x ? boost::target(e, g_) : boost::source(e, g_);
        }
        if (from_left) std::reverse(rel.edges.begin(), rel.edges.end());  // left node first
        rel.bound = true;
        with_node(end, t, [&] { finish_path(p, index); });
        rel.bound = false;
      }
    });
  }

  // ---- expressions ----

  Value eval(const BoundExpr& e) const {
    switch (e.kind) {
      case ExprKind::Literal: return e.value;
      case ExprKind::Variable: {
        const auto& s = slots_[static_cast<std::size_t>(e.slot)];
        if (e.slot_kind == SlotKind::Node) return g_[s.vertex].entity.id;
        return g_[boost::source(s.edge, g_)].entity.id + "-" + g_[s.edge].relation + "->" +
               g_[boost::target(s.edge, g_)].entity.id;
      }
      case ExprKind::Property: {
        const auto& s = slots_[static_cast<std::size_t>(e.slot)];
        return e.slot_kind == SlotKind::Node ? node_property(s.vertex, e.property) : edge_property(s.edge, e.property);
      }
      case ExprKind::Length:
        return static_cast<std::int64_t>(slots_[static_cast<std::size_t>(e.slot)].edges.size());
      case ExprKind::Negate: {
        const Value v = eval(e.children[0]);
        if (const auto* i = std::get_if<std::int64_t>(&v)) return -*i;
        if (const auto* d = std::get_if<double>(&v)) return -*d;
        return {};
      }
      case ExprKind::List: return {};  // only as the right side of IN
      case ExprKind::CountStar: case ExprKind::Count: return {};  // aggregated in emit()
      default: {
        const Truth t = test(e);
        return t ? Value{*t} : Value{};
      }
    }
  }

  const std::string* folded_literal(const BoundExpr& e) const {
    return e.kind == ExprKind::Literal && std::holds_alternative<std::string>(e.value) ? &e.folded : nullptr;
  }

  bool document_property(const BoundExpr& e) const {
    return e.kind == ExprKind::Property && e.slot_kind == SlotKind::Edge &&
           e.property == static_cast<int>(EdgeProperty::Document);
  }

  Truth string_test(ExprKind kind, const std::string& haystack, const std::string& needle) const {
    const std::string h = fold(haystack);
    switch (kind) {
      case ExprKind::Contains: return h.find(needle) != std::string::npos;
      case ExprKind::StartsWith: return h.compare(0, needle.size(), needle) == 0;
      default: return h.size() >= needle.size() && h.compare(h.size() - needle.size(), needle.size(), needle) == 0;
    }
  }

  Truth test(const BoundExpr& e) const {
    switch (e.kind) {
      case ExprKind::Not: {
        const Truth t = test(e.children[0]);
        return t ? Truth(!*t) : std::nullopt;
      }
      case ExprKind::And: {
        const Truth a = test(e.children[0]);
        if (a == Truth(false)) return false;
        const Truth b = test(e.children[1]);
        if (b == Truth(false)) return false;
        return a && b ? Truth(true) : std::nullopt;
      }
      case ExprKind::Or: {
        const Truth a = test(e.children[0]);
        if (a == Truth(true)) return true;
        const Truth b = test(e.children[1]);
        if (b == Truth(true)) return true;
        return a && b ? Truth(false) : std::nullopt;
      }
      case ExprKind::Compare: {
        const Value a = eval(e.children[0]), b = eval(e.children[1]);
        if (e.op == CompareOp::Eq || e.op == CompareOp::Ne) {
          const Truth t = equals(a, folded_literal(e.children[0]), b, folded_literal(e.children[1]));
          if (!t) return std::nullopt;
          return e.op == CompareOp::Eq ? *t : !*t;
        }
        const auto c = compare_values(a, b);
        if (!c) return std::nullopt;
        switch (e.op) {
          case CompareOp::Lt: return *c < 0;
          case CompareOp::Le: return *c <= 0;
          case CompareOp::Gt: return *c > 0;
          default: return *c >= 0;
        }
      }
      case ExprKind::Contains: case ExprKind::StartsWith: case ExprKind::EndsWith: {
        const Value b = eval(e.children[1]);
        const auto* needle_raw = std::get_if<std::string>(&b);
        if (!needle_raw) return std::nullopt;
        const std::string needle = folded_literal(e.children[1]) ? e.children[1].folded : fold(*needle_raw);
        if (document_property(e.children[0])) {
          // r.document CONTAINS x: true when any statement's document matches.
          const auto& s = slots_[static_cast<std::size_t>(e.children[0].slot)];
          for (const auto& st : g_[s.edge].statements)
            if (string_test(e.kind, st.document, needle) == Truth(true)) return true;
          return false;
        }
        const Value a = eval(e.children[0]);
        const auto* hay = std::get_if<std::string>(&a);
        if (!hay) return std::nullopt;
        return string_test(e.kind, *hay, needle);
      }
      case ExprKind::In: {
        const Value a = eval(e.children[0]);
        if (is_null(a)) return std::nullopt;
        const std::string folded = std::holds_alternative<std::string>(a) ? fold(std::get<std::string>(a)) : "";
        bool saw_null = false;
        for (const auto& item : e.children[1].children) {
          const Value b = eval(item);
          const Truth t = equals(a, std::holds_alternative<std::string>(a) ? &folded : nullptr, b, folded_literal(item));
          if (t == Truth(true)) return true;
          if (!t) saw_null = true;
        }
        return saw_null ? std::nullopt : Truth(false);
      }
      case ExprKind::IsNull: {
        const bool null = is_null(eval(e.children[0]));
        return e.negated ? !null : null;
      }
      default: {
        const Value v = eval(e);
        if (const auto* b = std::get_if<bool>(&v)) return *b;
        return std::nullopt;
      }
    }
  }

  // ---- rows ----

  void remember_match() {
    for (std::size_t i = 0; i < tree_.slots.size(); ++i) {
      const auto& s = slots_[i];
      if (!s.bound) continue;
      switch (tree_.slots[i]) {
        case SlotKind::Node: vertex_used_[s.vertex] = true; break;
        case SlotKind::Edge: remember_edge(s.edge); break;
        case SlotKind::EdgeList: case SlotKind::Path:
          for (const auto& e : s.edges) remember_edge(e);
          break;
      }
    }
  }
  void remember_edge(const Edge& e) {
    edges_used_.emplace(e.get_property(), e);
    vertex_used_[boost::source(e, g_)] = true;
    vertex_used_[boost::target(e, g_)] = true;
  }

  void emit() {
    if (tree_.where && !where_fully_pushed_ && test(*tree_.where) != Truth(true)) return;
    if (collect_subgraph_) remember_match();
    if (ungrouped_) {  // only counts: one group, no key
      if (single_group_.empty()) single_group_.resize(tree_.items.size());
      count_into(single_group_);
      return;
    }
    if (tree_.aggregate) {
      std::vector<Value> key;
      for (const auto& item : tree_.items)
        if (item.kind != ExprKind::Count && item.kind != ExprKind::CountStar) key.push_back(eval(item));
      auto& group = groups_[key];
      if (group.empty()) group.resize(tree_.items.size());
      count_into(group);
      return;
    }
    Row row;
    for (const auto& item : tree_.items) row.values.push_back(eval(item));
    for (const auto& s : tree_.order)
      if (s.expr.column < 0) row.sort_keys.push_back(eval(s.expr));
    rows_.push_back(std::move(row));
  }

  struct Aggregate;
  void count_into(std::vector<Aggregate>& group) const {
    for (std::size_t i = 0; i < tree_.items.size(); ++i) {
      const auto& item = tree_.items[i];
      if (item.kind == ExprKind::CountStar) ++group[i].count;
      else if (item.kind == ExprKind::Count) {
        Value v = eval(item.children[0]);
        if (is_null(v)) continue;
        if (item.distinct) group[i].distinct.insert(std::move(v));
        else ++group[i].count;
      }
    }
  }

  struct Row {
    std::vector<Value> values;
    std::vector<Value> sort_keys;  // ORDER BY expressions that are not RETURN columns
  };
  struct Aggregate {
    std::int64_t count = 0;
    std::set<Value, ValueLess> distinct;
  };

  void finish(ResultSet& result) {
    if (!single_group_.empty()) groups_[{}] = std::move(single_group_);
    if (tree_.aggregate) {
      if (groups_.empty() && std::all_of(tree_.items.begin(), tree_.items.end(), [](const BoundExpr& e) {
            return e.kind == ExprKind::Count || e.kind == ExprKind::CountStar;
          }))
        groups_[{}].resize(tree_.items.size());  // count over no rows is one row of zeros
      for (auto& [key, aggregates] : groups_) {
        Row row;
        std::size_t k = 0;
        for (std::size_t i = 0; i < tree_.items.size(); ++i) {
          const auto& item = tree_.items[i];
          if (item.kind == ExprKind::Count || item.kind == ExprKind::CountStar)
            row.values.push_back(item.distinct ? static_cast<std::int64_t>(aggregates[i].distinct.size())
                                               : aggregates[i].count);
          else row.values.push_back(key[k++]);
        }
        rows_.push_back(std::move(row));
      }
    }
    if (tree_.distinct) {
      std::set<std::vector<Value>, RowLess> seen;
      std::vector<Row> unique;
      for (auto& r : rows_)
        if (seen.insert(r.values).second) unique.push_back(std::move(r));
      rows_ = std::move(unique);
    }
    if (!tree_.order.empty()) {
      std::stable_sort(rows_.begin(), rows_.end(), [&](const Row& a, const Row& b) {
        std::size_t k = 0;
        for (const auto& s : tree_.order) {
          const bool column = s.expr.column >= 0;
          const Value& x = column ? a.values[static_cast<std::size_t>(s.expr.column)] : a.sort_keys[k];
          const Value& y = column ? b.values[static_cast<std::size_t>(s.expr.column)] : b.sort_keys[k];
          if (!column) ++k;
          const int c = total_compare(x, y);
          if (c != 0) return s.descending ? c > 0 : c < 0;
        }
        return false;
      });
    }
    const auto skip = std::min<std::size_t>(static_cast<std::size_t>(tree_.skip), rows_.size());
    auto end = rows_.size();
    if (tree_.limit) end = std::min<std::size_t>(end, skip + static_cast<std::size_t>(*tree_.limit));
    for (std::size_t i = skip; i < end; ++i) result.rows.push_back(std::move(rows_[i].values));

    if (!collect_subgraph_) return;
    for (auto v : boost::make_iterator_range(boost::vertices(g_)))
      if (vertex_used_[v]) result.matched_entities.push_back(g_[v].entity.id);
    std::sort(result.matched_entities.begin(), result.matched_entities.end());
    for (const auto& [p, e] : edges_used_)
      result.matched_relationships.emplace_back(g_[boost::source(e, g_)].entity.id, g_[e].relation,
                                                g_[boost::target(e, g_)].entity.id);
    std::sort(result.matched_relationships.begin(), result.matched_relationships.end());
  }

  const BoundTree& tree_;
  const BoostGraph& g_;
  const detail::Store& store_;
  const bool collect_subgraph_;
  std::vector<SlotValue> slots_;
  std::vector<std::vector<const BoundExpr*>> filters_;   // per slot: WHERE conjuncts on it alone
  std::vector<std::optional<std::string>> id_hint_;      // per node slot: WHERE a.id = '...'
  bool where_fully_pushed_ = false;  // every WHERE conjunct is checked when its variable is bound
  bool ungrouped_ = false;           // RETURN has only counts
  std::vector<Aggregate> single_group_;

  std::vector<Row> rows_;
  std::map<std::vector<Value>, std::vector<Aggregate>, RowLess> groups_;
  std::vector<bool> vertex_used_;
  std::map<const void*, Edge> edges_used_;
};

}  // namespace

ResultSet evaluate_tree(const BoundTree& tree, const KnowledgeGraph& graph, bool collect_subgraph) {
  return Evaluator(tree, graph, collect_subgraph).run();
}

}  // namespace newsgraph::graph::query
