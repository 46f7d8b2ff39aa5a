// Evaluator: runs a BoundTree over the store's flat columns (graph/detail/store.h). Patterns are matched
// by backtracking from an anchor: a bound variable or a node with an id when there is one; otherwise
// whichever is cheaper of scanning the candidate vertices of the most constrained node or scanning the
// edge list of one relationship (per relation when it is typed), checking the edge's property columns
// before anything else. Single hops walk the per-vertex edge lists, variable-length hops enumerate
// trails (no edge twice in one path), shortestPath runs a breadth-first search. WHERE conjuncts on one
// variable are checked as soon as it is bound; RETURN projects, groups for count() (hashing, no row
// materialised per match), removes duplicates for DISTINCT, sorts (keeping only the best SKIP + LIMIT
// rows when there is a LIMIT), skips and limits.
//
// Strings are compared as views into the graph, the query or per-row scratch space (Ref below), so
// matching and filtering allocate nothing per candidate; a Value is built only for a row that is kept.
#include <algorithm>
#include <deque>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

#include "graph/detail/store.h"
#include "graph/knowledge_graph.h"
#include "graph/query/binder.h"

namespace newsgraph::graph::query {
namespace {

using detail::EdgeIndex;
using detail::VertexIndex;

// ---- values ----

// A value during evaluation, in the same alternatives as Value but with strings as views. `folded`,
// when set, is the query folding of the string (precomputed for literals, names, dates, documents).
struct Ref {
  std::variant<std::monostate, bool, std::int64_t, double, std::string_view> value;
  const std::string* folded = nullptr;
};

Ref ref_of(const Value& v) {
  switch (v.index()) {
    case 1: return {std::get<bool>(v)};
    case 2: return {std::get<std::int64_t>(v)};
    case 3: return {std::get<double>(v)};
    case 4: return {std::string_view(std::get<std::string>(v))};
    default: return {};
  }
}

Value value_of(const Ref& r) {
  switch (r.value.index()) {
    case 1: return std::get<bool>(r.value);
    case 2: return std::get<std::int64_t>(r.value);
    case 3: return std::get<double>(r.value);
    case 4: return std::string(std::get<std::string_view>(r.value));
    default: return {};
  }
}

// Sets `into` to `r`, reusing the string `into` already holds (no allocation once a row buffer is warm).
void assign(Value& into, const Ref& r) {
  if (const auto* s = std::get_if<std::string_view>(&r.value)) {
    if (auto* t = std::get_if<std::string>(&into)) t->assign(*s);
    else into = std::string(*s);
    return;
  }
  into = value_of(r);
}

bool is_null(const Ref& r) { return r.value.index() == 0; }
bool is_number(const Ref& r) { return r.value.index() == 2 || r.value.index() == 3; }
double as_double(const Ref& r) {
  if (const auto* i = std::get_if<std::int64_t>(&r.value)) return static_cast<double>(*i);
  return std::get<double>(r.value);
}
const std::string_view* as_string(const Ref& r) { return std::get_if<std::string_view>(&r.value); }

bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

Ref string_ref(std::string_view s, const std::string* folded = nullptr) { return {s, folded}; }
Ref string_or_null(const std::string& s, const std::string* folded = nullptr) {
  return s.empty() ? Ref{} : Ref{std::string_view(s), folded};
}

// Three-valued truth: nullopt is null.
using Truth = std::optional<bool>;

// Ordering for <, <=, >, >=: numbers numerically, strings by bytes, booleans false < true; null
// (nullopt) when either side is null or the types differ.
std::optional<int> compare_values(const Ref& a, const Ref& b) {
  if (is_null(a) || is_null(b)) return std::nullopt;
  if (is_number(a) && is_number(b)) {
    if (a.value.index() == 2 && b.value.index() == 2) {
      const auto x = std::get<std::int64_t>(a.value), y = std::get<std::int64_t>(b.value);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const double x = as_double(a), y = as_double(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.value.index() != b.value.index()) return std::nullopt;
  if (const auto* s = as_string(a)) {
    const int c = s->compare(*as_string(b));
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  return static_cast<int>(std::get<bool>(a.value)) - static_cast<int>(std::get<bool>(b.value));
}

// A total order for sorting, grouping and DISTINCT: numbers < strings < booleans < null (null last
// ascending, as in Cypher and Kùzu).
int rank(const Ref& r) {
  if (is_number(r)) return 0;
  if (as_string(r)) return 1;
  if (r.value.index() == 1) return 2;
  return 3;
}
int total_compare(const Ref& a, const Ref& b) {
  const int ra = rank(a), rb = rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (ra == 3) return 0;
  if (ra == 0 && a.value.index() != b.value.index()) {
    const double x = as_double(a), y = as_double(b);
    if (x != y) return x < y ? -1 : 1;
    return a.value.index() == 2 ? -1 : 1;  // 1 and 1.0 stay distinct values
  }
  return *compare_values(a, b);
}
int total_compare(const Value& a, const Value& b) { return total_compare(ref_of(a), ref_of(b)); }

// Consistent with total_compare: equal values hash alike (-0.0 and 0.0 are equal).
std::size_t hash_of(const Ref& r) {
  std::size_t h;
  switch (r.value.index()) {
    case 1: h = std::get<bool>(r.value) ? 1 : 2; break;
    case 2: h = std::hash<std::int64_t>{}(std::get<std::int64_t>(r.value)); break;
    case 3: {
      const double d = std::get<double>(r.value);
      h = std::hash<double>{}(d == 0 ? 0.0 : d);
      break;
    }
    case 4: h = std::hash<std::string_view>{}(std::get<std::string_view>(r.value)); break;
    default: h = 3;
  }
  return h ^ (r.value.index() * 0x9e3779b97f4a7c15ULL);
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

// ---- the matcher ----

struct SlotValue {
  bool bound = false;
  VertexIndex vertex = 0;
  EdgeIndex edge = 0;
  std::vector<EdgeIndex> edges;  // EdgeList and Path slots
};

constexpr EdgeIndex kNoEdge = std::numeric_limits<EdgeIndex>::max();

class Evaluator {
 public:
  Evaluator(const BoundTree& tree, const KnowledgeGraph& graph, bool collect_subgraph)
      : tree_(tree),
        store_(graph.store()),
        g_(store_.graph),
        edges_(store_.edges),
        vertices_(store_.vertices),
        collect_subgraph_(collect_subgraph),
        slots_(tree.slots.size()),
        filters_(tree.slots.size()),
        id_hint_(tree.slots.size()),
        rel_filter_(tree.slots.size()) {
    if (tree.where) {
      where_fully_pushed_ = true;
      push_down(*tree.where);
    }
    ungrouped_ = tree.aggregate && std::all_of(tree.items.begin(), tree.items.end(), [](const BoundExpr& e) {
      return e.kind == ExprKind::Count || e.kind == ExprKind::CountStar;
    });
    for (const auto& p : tree.paths)
      for (const auto& r : p.rels) resolve_types(r);
    // Rows wanted, when that bounds the work: without ORDER BY, matching stops after SKIP + LIMIT rows;
    // with it, only the best SKIP + LIMIT are kept.
    if (tree.limit && !tree.aggregate && !tree.distinct && !collect_subgraph) {
      const auto wanted = static_cast<std::uint64_t>(tree.skip) + static_cast<std::uint64_t>(*tree.limit);
      if (tree.order.empty()) stop_after_ = wanted;
      else if (wanted <= kTopKLimit) top_k_ = static_cast<std::size_t>(wanted);
    }
  }

  ResultSet run() {
    ResultSet result;
    result.columns = tree_.columns;
    if (collect_subgraph_) {
      vertex_used_.assign(vertices_.type.size(), false);
      edge_used_.assign(edges_.size(), false);
    }
    if (stop_after_ && *stop_after_ == 0) stop_ = true;
    if (!stop_) match_pattern(0);
    finish(result);
    return result;
  }

 private:
  static constexpr std::size_t kTopKLimit = 100000;

  // ---- WHERE push-down ----

  // Conjuncts of WHERE that mention a single node or relationship variable are also checked as soon
  // as that variable is bound, so that non-matching branches are cut early (WHERE is still checked
  // whole at the end unless every conjunct was pushed down). `a.id = 'x'` also lets the matcher start
  // at that entity.
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

  bool passes_filters(std::size_t slot) {
    for (const auto* f : filters_[slot]) {
      scratch_used_ = 0;
      if (test(*f) != Truth(true)) return false;
    }
    return true;
  }

  // ---- relation types ----

  // Which relations a relationship pattern allows, as RelationIds of this graph.
  struct RelFilter {
    bool typed = false;                 // the pattern names relation types
    std::vector<detail::RelationId> ids;  // those present in the graph
    std::vector<char> allowed;          // by RelationId
  };

  void resolve_types(const BoundRel& r) {
    auto& f = rel_filter_[static_cast<std::size_t>(r.slot)];
    f.typed = !r.types.empty();
    f.allowed.assign(store_.relation_names.size(), f.typed ? 0 : 1);
    for (const auto& t : r.types) {
      const int id = store_.find_relation(t);
      if (id < 0) continue;
      f.ids.push_back(static_cast<detail::RelationId>(id));
      f.allowed[static_cast<std::size_t>(id)] = 1;
    }
  }

  const RelFilter& rel_filter(const BoundRel& r) const { return rel_filter_[static_cast<std::size_t>(r.slot)]; }

  // ---- properties ----

  Ref node_property(VertexIndex v, int property) const {
    switch (static_cast<NodeProperty>(property)) {
      case NodeProperty::Id: return string_ref(g_[v].entity.id);
      case NodeProperty::Type: return string_ref(to_string(vertices_.type[v]));
      case NodeProperty::Name: return string_or_null(g_[v].entity.name_ar, &vertices_.folded_name[v]);
      case NodeProperty::NameEn: return string_or_null(g_[v].entity.name_en, &vertices_.folded_name_en[v]);
    }
    return {};
  }

  Ref edge_property(EdgeIndex e, int property) const {
    switch (static_cast<EdgeProperty>(property)) {
      case EdgeProperty::Relation: return string_ref(store_.relation_names[edges_.relation[e]]);
      case EdgeProperty::Polarity:
        return string_ref(to_string(edges_.positive[e] ? Polarity::Positive : Polarity::Negative));
      case EdgeProperty::Modality: return string_ref(to_string(edges_.modality[e]));
      case EdgeProperty::Confidence: return {edges_.confidence[e]};
      case EdgeProperty::Date:
        return string_or_null(store_.strings.text(edges_.date[e]), &store_.strings.folded(edges_.date[e]));
      case EdgeProperty::Document:
        return string_or_null(store_.strings.text(edges_.document[e]), &store_.strings.folded(edges_.document[e]));
      case EdgeProperty::Evidence: return {static_cast<std::int64_t>(edges_.evidence[e])};
    }
    return {};
  }

  // The query folding of a string: precomputed, the string itself when ASCII (folding leaves ASCII
  // alone), else folded into scratch space.
  std::string_view folded_view(const Ref& r) {
    if (r.folded) return *r.folded;
    const auto s = *as_string(r);
    if (is_ascii(s)) return s;
    auto& out = scratch();
    out = fold(s);
    return out;
  }

  std::string& scratch() {
    if (scratch_used_ == scratch_.size()) scratch_.emplace_back();
    return scratch_[scratch_used_++];
  }

  // Equality after Arabic folding for strings; null when either side is null.
  Truth equals(const Ref& a, const Ref& b) {
    if (is_null(a) || is_null(b)) return std::nullopt;
    if (is_number(a) && is_number(b)) {
      if (a.value.index() == 2 && b.value.index() == 2)
        return std::get<std::int64_t>(a.value) == std::get<std::int64_t>(b.value);
      return as_double(a) == as_double(b);
    }
    if (as_string(a)) {
      if (!as_string(b)) return false;
      return folded_view(a) == folded_view(b);
    }
    if (a.value.index() != b.value.index()) return false;
    return std::get<bool>(a.value) == std::get<bool>(b.value);
  }

  Truth equals_literal(const Ref& a, const BoundPropertyTest& t) {
    Ref b = ref_of(t.value);
    if (as_string(b)) b.folded = &t.folded;
    return equals(a, b);
  }

  bool node_matches(VertexIndex v, const BoundNode& n) {
    if (n.label && vertices_.type[v] != *n.label) return false;
    scratch_used_ = 0;
    for (const auto& t : n.properties)
      if (equals_literal(node_property(v, t.property), t) != Truth(true)) return false;
    return true;
  }

  // The relation type was checked by the caller; this checks the pattern's property map.
  bool edge_properties_match(EdgeIndex e, const BoundRel& r) {
    scratch_used_ = 0;
    for (const auto& t : r.properties)
      if (equals_literal(edge_property(e, t.property), t) != Truth(true)) return false;
    return true;
  }

  // Calls f(edge, other end) for every edge at `v` that pattern `r` may cross, walking the pattern
  // rightwards (from the rel's left node to its right node) or leftwards.
  template <typename F>
  void for_each_step(VertexIndex v, const BoundRel& r, bool rightwards, F&& f) {
    const bool out = r.direction == Direction::Both || (r.direction == Direction::Right) == rightwards;
    const bool in = r.direction == Direction::Both || (r.direction == Direction::Left) == rightwards;
    const auto& allowed = rel_filter(r).allowed;
    const bool check_properties = !r.properties.empty();
    if (out) {
      for (const EdgeIndex e : vertices_.out[v]) {
        if (stop_) return;
        if (!allowed[edges_.relation[e]] || (check_properties && !edge_properties_match(e, r))) continue;
        f(e, edges_.target[e]);
      }
    }
    if (in) {
      for (const EdgeIndex e : vertices_.in[v]) {
        if (stop_) return;
        const VertexIndex s = edges_.source[e];
        if (out && s == v) continue;  // a self-loop was already seen as an out-edge
        if (!allowed[edges_.relation[e]] || (check_properties && !edge_properties_match(e, r))) continue;
        f(e, s);
      }
    }
  }

  // ---- matching ----

  // Binds node pattern n to vertex v (or checks an existing binding) and continues with k().
  template <typename K>
  void with_node(const BoundNode& n, VertexIndex v, K&& k) {
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

  // ---- choosing between a vertex scan and an edge scan ----

  // Edges an edge scan of `r` visits.
  double edge_scan_cost(const BoundRel& r) const {
    const auto& f = rel_filter(r);
    if (!f.typed) return static_cast<double>(edges_.size());
    double n = 0;
    for (const auto id : f.ids) n += static_cast<double>(store_.edges_of_relation[id].size());
    return n;
  }

  // Vertices plus edges a vertex scan from node `anchor` visits: every candidate vertex, and the edges
  // of those that pass its tests (guessed at a tenth when it has property tests or WHERE conditions).
  double vertex_scan_cost(const BoundPath& p, std::size_t anchor) const {
    const BoundNode& n = p.nodes[anchor];
    const double vertices = static_cast<double>(vertices_.type.size());
    if (vertices == 0) return 0;
    double candidates = n.label ? static_cast<double>(vertices_.count_of_type[static_cast<std::size_t>(*n.label)]) : vertices;
    double passing = candidates;
    if (!n.properties.empty() || !filters_[static_cast<std::size_t>(n.slot)].empty()) passing /= 10;
    double degree = 0;
    const double mean = static_cast<double>(edges_.size()) / vertices;
    if (anchor > 0) degree += p.rels[anchor - 1].direction == Direction::Both ? 2 * mean : mean;
    if (anchor + 1 < p.nodes.size()) degree += p.rels[anchor].direction == Direction::Both ? 2 * mean : mean;
    return candidates + passing * degree;
  }

  // The fixed-length relationship whose edge scan is cheaper than the vertex scan, if any.
  std::optional<std::size_t> choose_edge_scan(const BoundPath& p, std::size_t anchor) const {
    std::optional<std::size_t> best;
    double best_cost = vertex_scan_cost(p, anchor);
    for (std::size_t i = 0; i < p.rels.size(); ++i) {
      if (p.rels[i].variable_length) continue;
      const double cost = edge_scan_cost(p.rels[i]);
      if (cost < best_cost) {
        best_cost = cost;
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
        if (it != store_.vertex_by_id.end()) with_node(n, static_cast<VertexIndex>(it->second), k);
        return;
      }
    }
    if (const auto& hint = id_hint_[static_cast<std::size_t>(n.slot)]) {
      auto it = store_.vertex_by_id.find(*hint);
      if (it != store_.vertex_by_id.end()) with_node(n, static_cast<VertexIndex>(it->second), k);
      return;
    }
    const auto count = static_cast<VertexIndex>(vertices_.type.size());
    for (VertexIndex v = 0; v < count && !stop_; ++v) {
      if (n.label && vertices_.type[v] != *n.label) continue;  // the column, before touching the entity
      with_node(n, v, k);
    }
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
    if (anchor_score(p.nodes[anchor]) < 50)
      if (const auto rel = choose_edge_scan(p, anchor)) {
        scan_edges(p, *rel, index);
        return;
      }
    for_each_candidate(p.nodes[anchor], [&] { extend_right(p, anchor, anchor, index); });
  }

  // Matches path p starting from the edges of its relationship `i` (fixed length): each edge that
  // passes the relationship's tests binds it and both its ends, then the path extends both ways.
  void scan_edges(const BoundPath& p, std::size_t i, std::size_t index) {
    const BoundRel& r = p.rels[i];
    const BoundNode& left = p.nodes[i];
    const BoundNode& right = p.nodes[i + 1];
    auto& slot = slots_[static_cast<std::size_t>(r.slot)];
    const bool filtered = !filters_[static_cast<std::size_t>(r.slot)].empty();
    const bool check_properties = !r.properties.empty();
    auto bind = [&](EdgeIndex e, VertexIndex l, VertexIndex rv) {
      // The type column first: cheaper than anything else, and it rejects most edges of a labelled scan.
      if (left.label && vertices_.type[l] != *left.label) return;
      if (right.label && vertices_.type[rv] != *right.label) return;
      slot.edge = e;
      slot.bound = true;
      if (!filtered || passes_filters(static_cast<std::size_t>(r.slot)))
        with_node(left, l, [&] { with_node(right, rv, [&] { extend_right(p, i + 1, i, index); }); });
      slot.bound = false;
    };
    auto visit = [&](EdgeIndex e) {
      if (check_properties && !edge_properties_match(e, r)) return;
      const VertexIndex s = edges_.source[e], t = edges_.target[e];
      if (r.direction != Direction::Left) bind(e, s, t);
      if (r.direction == Direction::Left || (r.direction == Direction::Both && s != t)) bind(e, t, s);
    };
    const auto& f = rel_filter(r);
    if (f.typed) {
      for (const auto id : f.ids)
        for (const EdgeIndex e : store_.edges_of_relation[id]) {
          if (stop_) return;
          visit(e);
        }
      return;
    }
    const auto count = static_cast<EdgeIndex>(edges_.size());
    for (EdgeIndex e = 0; e < count && !stop_; ++e) visit(e);
  }

  // Extends rightwards from node i, then leftwards from node `left_end` (the leftmost node bound so far).
  void extend_right(const BoundPath& p, std::size_t i, std::size_t left_end, std::size_t index) {
    if (i + 1 == p.nodes.size()) {
      extend_left(p, left_end, index);
      return;
    }
    step(p.rels[i], p.nodes[i], p.nodes[i + 1], true, [&] { extend_right(p, i + 1, left_end, index); });
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
    const VertexIndex v = slots_[static_cast<std::size_t>(from.slot)].vertex;
    auto& slot = slots_[static_cast<std::size_t>(r.slot)];
    if (!r.variable_length) {
      const bool filtered = !filters_[static_cast<std::size_t>(r.slot)].empty();
      for_each_step(v, r, rightwards, [&](EdgeIndex e, VertexIndex next) {
        if (to.label && vertices_.type[next] != *to.label) return;
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
  void trail(const BoundRel& r, const BoundNode& to, VertexIndex v, bool rightwards, K& k) {
    auto& slot = slots_[static_cast<std::size_t>(r.slot)];
    for_each_step(v, r, rightwards, [&](EdgeIndex e, VertexIndex next) {
      for (const auto used : slot.edges)
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
    const std::size_t n = vertices_.type.size();
    for_each_candidate(start, [&] {
      const VertexIndex source = slots_[static_cast<std::size_t>(start.slot)].vertex;
      std::vector<std::uint32_t> depth(n, 0);
      std::vector<EdgeIndex> parent(n, kNoEdge);
      std::vector<VertexIndex> order{source};
      std::vector<bool> seen(n, false);
      seen[source] = true;
      for (std::size_t head = 0; head < order.size(); ++head) {
        const VertexIndex u = order[head];
        if (depth[u] >= r.max_hops) continue;
        for_each_step(u, r, from_left, [&](EdgeIndex e, VertexIndex next) {
          if (seen[next]) return;
          seen[next] = true;
          depth[next] = depth[u] + 1;
          parent[next] = e;
          order.push_back(next);
        });
      }
      auto& rel = slots_[static_cast<std::size_t>(r.slot)];
      for (std::size_t i = 1; i < order.size() && !stop_; ++i) {
        const VertexIndex t = order[i];
        rel.edges.clear();
        for (VertexIndex x = t; x != source;) {
          const EdgeIndex e = parent[x];
          rel.edges.push_back(e);
          x = edges_.source[e] == x ? edges_.target[e] : edges_.source[e];
        }
        if (from_left) std::reverse(rel.edges.begin(), rel.edges.end());  // left node first
        rel.bound = true;
        with_node(end, t, [&] { finish_path(p, index); });
        rel.bound = false;
      }
    });
  }

  // ---- expressions ----

  Ref eval(const BoundExpr& e) {
    switch (e.kind) {
      case ExprKind::Literal: {
        Ref r = ref_of(e.value);
        if (as_string(r)) r.folded = &e.folded;
        return r;
      }
      case ExprKind::Variable: {
        const auto& s = slots_[static_cast<std::size_t>(e.slot)];
        if (e.slot_kind == SlotKind::Node) return string_ref(g_[s.vertex].entity.id);
        auto& text = scratch();
        text = g_[edges_.source[s.edge]].entity.id;
        text += '-';
        text += store_.relation_names[edges_.relation[s.edge]];
        text += "->";
        text += g_[edges_.target[s.edge]].entity.id;
        return string_ref(text);
      }
      case ExprKind::Property: {
        const auto& s = slots_[static_cast<std::size_t>(e.slot)];
        return e.slot_kind == SlotKind::Node ? node_property(s.vertex, e.property) : edge_property(s.edge, e.property);
      }
      case ExprKind::Length:
        return {static_cast<std::int64_t>(slots_[static_cast<std::size_t>(e.slot)].edges.size())};
      case ExprKind::Negate: {
        const Ref v = eval(e.children[0]);
        if (const auto* i = std::get_if<std::int64_t>(&v.value)) return {-*i};
        if (const auto* d = std::get_if<double>(&v.value)) return {-*d};
        return {};
      }
      case ExprKind::List: return {};  // only as the right side of IN
      case ExprKind::CountStar: case ExprKind::Count: return {};  // aggregated in emit()
      default: {
        const Truth t = test(e);
        return t ? Ref{*t} : Ref{};
      }
    }
  }

  bool document_property(const BoundExpr& e) const {
    return e.kind == ExprKind::Property && e.slot_kind == SlotKind::Edge &&
           e.property == static_cast<int>(EdgeProperty::Document);
  }

  static bool string_test(ExprKind kind, std::string_view h, std::string_view needle) {
    switch (kind) {
      case ExprKind::Contains: return h.find(needle) != std::string_view::npos;
      case ExprKind::StartsWith: return h.substr(0, needle.size()) == needle;
      default: return h.size() >= needle.size() && h.substr(h.size() - needle.size()) == needle;
    }
  }

  Truth test(const BoundExpr& e) {
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
        const Ref a = eval(e.children[0]), b = eval(e.children[1]);
        if (e.op == CompareOp::Eq || e.op == CompareOp::Ne) {
          const Truth t = equals(a, b);
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
        const Ref b = eval(e.children[1]);
        if (!as_string(b)) return std::nullopt;
        const std::string_view needle = folded_view(b);
        if (document_property(e.children[0])) {
          // r.document CONTAINS x: true when any statement's document matches.
          const auto& s = slots_[static_cast<std::size_t>(e.children[0].slot)];
          for (const auto& st : edges_.properties[s.edge]->statements)
            if (string_test(e.kind, folded_view(string_ref(st.document)), needle)) return true;
          return false;
        }
        const Ref a = eval(e.children[0]);
        if (!as_string(a)) return std::nullopt;
        return string_test(e.kind, folded_view(a), needle);
      }
      case ExprKind::In: {
        const Ref a = eval(e.children[0]);
        if (is_null(a)) return std::nullopt;
        Ref left = a;
        if (as_string(a)) {
          auto& folded = scratch();
          folded = folded_view(a);
          left.folded = &folded;
        }
        bool saw_null = false;
        for (const auto& item : e.children[1].children) {
          const Truth t = equals(left, eval(item));
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
        const Ref v = eval(e);
        if (const auto* b = std::get_if<bool>(&v.value)) return *b;
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
          for (const auto e : s.edges) remember_edge(e);
          break;
      }
    }
  }
  void remember_edge(EdgeIndex e) {
    edge_used_[e] = true;
    vertex_used_[edges_.source[e]] = true;
    vertex_used_[edges_.target[e]] = true;
  }

  struct Aggregate {
    std::int64_t count = 0;
    std::set<Value, ValueLess> distinct;
  };
  struct Group {
    std::vector<Value> key;  // the RETURN items that are not counts, in order
    std::vector<Aggregate> aggregates;
  };
  struct Row {
    std::vector<Value> values;
    std::vector<Value> sort_keys;  // ORDER BY expressions that are not RETURN columns
    std::uint64_t sequence = 0;    // order of emission: ties keep it, as a stable sort would
  };

  void emit() {
    scratch_used_ = 0;
    if (tree_.where && !where_fully_pushed_ && test(*tree_.where) != Truth(true)) return;
    if (collect_subgraph_) remember_match();
    if (ungrouped_) {  // only counts: one group, no key
      if (single_group_.empty()) single_group_.resize(tree_.items.size());
      count_into(single_group_);
      return;
    }
    if (tree_.aggregate) {
      count_into(find_group().aggregates);
      return;
    }
    Row& row = scratch_row_;
    row.values.resize(tree_.items.size());
    for (std::size_t i = 0; i < tree_.items.size(); ++i) assign(row.values[i], eval(tree_.items[i]));
    std::size_t k = 0;
    for (const auto& s : tree_.order)
      if (s.expr.column < 0) {
        if (row.sort_keys.size() <= k) row.sort_keys.emplace_back();
        assign(row.sort_keys[k++], eval(s.expr));
      }
    row.sequence = sequence_++;
    if (top_k_) {
      keep_if_among_best(row);
      return;
    }
    rows_.push_back(std::move(row));
    row = Row{};
    if (stop_after_ && rows_.size() >= *stop_after_) stop_ = true;
  }

  // The group of the current match: looked up by the hash of its key, as views; a group's key is
  // copied into Values only when the group is new.
  Group& find_group() {
    key_.clear();
    std::size_t h = 0;
    for (const auto& item : tree_.items)
      if (item.kind != ExprKind::Count && item.kind != ExprKind::CountStar) {
        key_.push_back(eval(item));
        h = h * 1000003 ^ hash_of(key_.back());
      }
    auto [it, end] = group_index_.equal_range(h);
    for (; it != end; ++it) {
      Group& g = groups_[it->second];
      bool same = true;
      for (std::size_t i = 0; i < key_.size() && same; ++i) same = total_compare(key_[i], ref_of(g.key[i])) == 0;
      if (same) return g;
    }
    group_index_.emplace(h, groups_.size());
    Group& g = groups_.emplace_back();
    for (const auto& r : key_) g.key.push_back(value_of(r));
    g.aggregates.resize(tree_.items.size());
    return g;
  }

  void count_into(std::vector<Aggregate>& group) {
    for (std::size_t i = 0; i < tree_.items.size(); ++i) {
      const auto& item = tree_.items[i];
      if (item.kind == ExprKind::CountStar) ++group[i].count;
      else if (item.kind == ExprKind::Count) {
        const Ref v = eval(item.children[0]);
        if (is_null(v)) continue;
        if (item.distinct) group[i].distinct.insert(value_of(v));
        else ++group[i].count;
      }
    }
  }

  // ORDER BY: < 0 when row a sorts before row b, 0 on a tie.
  int order_compare(const Row& a, const Row& b) const {
    std::size_t k = 0;
    for (const auto& s : tree_.order) {
      const bool column = s.expr.column >= 0;
      const Value& x = column ? a.values[static_cast<std::size_t>(s.expr.column)] : a.sort_keys[k];
      const Value& y = column ? b.values[static_cast<std::size_t>(s.expr.column)] : b.sort_keys[k];
      if (!column) ++k;
      const int c = total_compare(x, y);
      if (c != 0) return s.descending ? -c : c;
    }
    return 0;
  }
  // ORDER BY, ties in emission order: the order a stable sort gives.
  bool stable_less(const Row& a, const Row& b) const {
    const int c = order_compare(a, b);
    return c != 0 ? c < 0 : a.sequence < b.sequence;
  }

  // ORDER BY … LIMIT: rows_ is a heap of the best top_k_ rows so far, worst on top.
  void keep_if_among_best(Row& row) {
    auto less = [this](const Row& a, const Row& b) { return stable_less(a, b); };
    if (rows_.size() < top_k_) {
      rows_.push_back(std::move(row));
      row = Row{};
      std::push_heap(rows_.begin(), rows_.end(), less);
      return;
    }
    if (!stable_less(row, rows_.front())) return;  // not better than the worst kept: row is reused
    std::pop_heap(rows_.begin(), rows_.end(), less);
    std::swap(rows_.back(), row);  // the evicted row becomes the next row buffer
    std::push_heap(rows_.begin(), rows_.end(), less);
  }

  void finish(ResultSet& result) {
    if (!single_group_.empty()) {
      groups_.push_back(Group{{}, std::move(single_group_)});
    }
    if (tree_.aggregate) {
      if (groups_.empty() && ungrouped_) groups_.push_back(Group{{}, std::vector<Aggregate>(tree_.items.size())});
      rows_.reserve(groups_.size());
      for (auto& group : groups_) {
        Row row;
        std::size_t k = 0;
        for (std::size_t i = 0; i < tree_.items.size(); ++i) {
          const auto& item = tree_.items[i];
          if (item.kind == ExprKind::Count || item.kind == ExprKind::CountStar)
            row.values.push_back(item.distinct ? static_cast<std::int64_t>(group.aggregates[i].distinct.size())
                                               : group.aggregates[i].count);
          else row.values.push_back(std::move(group.key[k++]));
        }
        rows_.push_back(std::move(row));
      }
      // Groups come out in key order, then (stably) in ORDER BY order: one sort by (ORDER BY, key),
      // partial when there is a LIMIT. Keys are unique, so no two rows tie and DISTINCT changes nothing.
      auto by_key = [this](const Row& a, const Row& b) {
        for (std::size_t i = 0; i < tree_.items.size(); ++i) {
          const auto& item = tree_.items[i];
          if (item.kind == ExprKind::Count || item.kind == ExprKind::CountStar) continue;
          if (const int c = total_compare(a.values[i], b.values[i]); c != 0) return c < 0;
        }
        return false;
      };
      auto less = [&](const Row& a, const Row& b) {
        const int c = order_compare(a, b);
        return c != 0 ? c < 0 : by_key(a, b);
      };
      const auto wanted = tree_.limit ? static_cast<std::uint64_t>(tree_.skip) + static_cast<std::uint64_t>(*tree_.limit)
                                      : std::numeric_limits<std::uint64_t>::max();
      if (wanted < rows_.size())
        std::partial_sort(rows_.begin(), rows_.begin() + static_cast<std::ptrdiff_t>(wanted), rows_.end(), less);
      else std::sort(rows_.begin(), rows_.end(), less);
    } else {
      if (tree_.distinct) {
        std::set<std::vector<Value>, RowLess> seen;
        std::vector<Row> unique;
        for (auto& r : rows_)
          if (seen.insert(r.values).second) unique.push_back(std::move(r));
        rows_ = std::move(unique);
      }
      if (!tree_.order.empty())
        std::sort(rows_.begin(), rows_.end(), [this](const Row& a, const Row& b) { return stable_less(a, b); });
    }
    const auto skip = std::min<std::size_t>(static_cast<std::size_t>(tree_.skip), rows_.size());
    auto end = rows_.size();
    if (tree_.limit) end = std::min<std::size_t>(end, skip + static_cast<std::size_t>(*tree_.limit));
    for (std::size_t i = skip; i < end; ++i) result.rows.push_back(std::move(rows_[i].values));

    if (!collect_subgraph_) return;
    for (VertexIndex v = 0; v < vertex_used_.size(); ++v)
      if (vertex_used_[v]) result.matched_entities.push_back(g_[v].entity.id);
    std::sort(result.matched_entities.begin(), result.matched_entities.end());
    for (EdgeIndex e = 0; e < edge_used_.size(); ++e)
      if (edge_used_[e])
        result.matched_relationships.emplace_back(g_[edges_.source[e]].entity.id,
                                                  store_.relation_names[edges_.relation[e]],
                                                  g_[edges_.target[e]].entity.id);
    std::sort(result.matched_relationships.begin(), result.matched_relationships.end());
  }

  const BoundTree& tree_;
  const detail::Store& store_;
  const detail::BoostGraph& g_;
  const detail::EdgeColumns& edges_;
  const detail::VertexColumns& vertices_;
  const bool collect_subgraph_;
  std::vector<SlotValue> slots_;
  std::vector<std::vector<const BoundExpr*>> filters_;   // per slot: WHERE conjuncts on it alone
  std::vector<std::optional<std::string>> id_hint_;      // per node slot: WHERE a.id = '...'
  std::vector<RelFilter> rel_filter_;                    // per relationship slot
  bool where_fully_pushed_ = false;  // every WHERE conjunct is checked when its variable is bound
  bool ungrouped_ = false;           // RETURN has only counts
  std::optional<std::uint64_t> stop_after_;  // rows after which matching stops (LIMIT, no ORDER BY)
  std::size_t top_k_ = 0;                    // rows kept while matching (ORDER BY … LIMIT), or 0: all
  bool stop_ = false;

  std::deque<std::string> scratch_;  // strings made while evaluating one test or row (deque: stable)
  std::size_t scratch_used_ = 0;
  std::vector<Ref> key_;
  Row scratch_row_;
  std::uint64_t sequence_ = 0;

  std::vector<Aggregate> single_group_;
  std::vector<Group> groups_;
  std::unordered_multimap<std::size_t, std::size_t> group_index_;  // key hash → groups_ index
  std::vector<Row> rows_;
  std::vector<bool> vertex_used_;
  std::vector<bool> edge_used_;
};

}  // namespace

ResultSet evaluate_tree(const BoundTree& tree, const KnowledgeGraph& graph, bool collect_subgraph) {
  return Evaluator(tree, graph, collect_subgraph).run();
}

}  // namespace newsgraph::graph::query
