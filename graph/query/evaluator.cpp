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
#include <cstring>
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
using detail::VertexTable;

// ---- values ----

// A value during evaluation, in the same alternatives as Value but with strings as views. `folded`,
// when set, is the query folding of the string (precomputed for literals, names, dates, documents).
struct Ref {
  Ref() = default;
  Ref(bool b) : value(b) {}
  Ref(std::int64_t i) : value(i) {}
  Ref(double d) : value(d) {}
  Ref(std::string_view s, std::optional<std::string_view> f = std::nullopt) : value(s), folded(f) {}

  std::variant<std::monostate, bool, std::int64_t, double, std::string_view> value;
  std::optional<std::string_view> folded;
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

Ref string_ref(std::string_view s, std::optional<std::string_view> folded = std::nullopt) { return {s, folded}; }
// A name or date: "" is absent, which the query language sees as null.
Ref string_or_null(std::string_view s, std::optional<std::string_view> folded = std::nullopt) {
  return s.empty() ? Ref{} : Ref{s, folded};
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
    has_distinct_ = std::any_of(tree.items.begin(), tree.items.end(),
                                [](const BoundExpr& e) { return e.kind == ExprKind::Count && e.distinct; });
    count_star_only_ = ungrouped_ && std::all_of(tree.items.begin(), tree.items.end(), [](const BoundExpr& e) {
      return e.kind == ExprKind::CountStar;
    });
    open_group(single_group_);
    plan_codes();
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
    if (count_of_lone_node()) stop_ = true;
    if (!stop_) match_pattern(0);
    finish(result);
    return result;
  }

 private:
  static constexpr std::size_t kTopKLimit = 100000;

  // MATCH (n[:Label]) RETURN count(*): the store's count of vertices per type is the answer.
  bool count_of_lone_node() {
    if (!count_star_only_ || collect_subgraph_ || tree_.where || tree_.paths.size() != 1) return false;
    const BoundPath& p = tree_.paths[0];
    if (p.shortest || p.slot >= 0 || p.nodes.size() != 1 || !p.nodes[0].properties.empty()) return false;
    const BoundNode& n = p.nodes[0];
    star_count_ = static_cast<std::int64_t>(
        n.label ? vertices_.count_of_type[static_cast<std::size_t>(*n.label)] : vertices_.type.size());
    return true;
  }

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
    filters_[slot].push_back(compile_filter(e, kind == SlotKind::Node));
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

  // ---- compiled filters ----
  //
  // A WHERE conjunct on one variable, checked as soon as the variable is bound, in the cheapest form
  // its shape allows; each form gives exactly what test() would.
  struct Filter {
    enum class Kind : std::uint8_t {
      Generic,  // test(*expr)
      Memo,     // depends on one low-cardinality property only: test() once per distinct value code
      Number,   // edge confidence or evidence count <op> a number literal
      Text,     // node id/name/name_en CONTAINS, STARTS WITH, ENDS WITH, =, <> a string literal
    };
    Kind kind = Kind::Generic;
    const BoundExpr* expr = nullptr;
    int property = -1;   // NodeProperty (node filters) or EdgeProperty
    ExprKind op_kind = ExprKind::Compare;
    CompareOp op = CompareOp::Eq;  // with the property on the left
    Ref constant;                  // the literal (Number, Text)
    std::vector<std::uint8_t> memo;  // per value code: 0 unknown, 1 true, 2 false or null
  };

  // The (slot, property) pairs an expression reads; `other` is set when it reads anything else that
  // depends on a binding (a variable itself, a path length).
  static void properties_read(const BoundExpr& e, std::vector<std::pair<int, int>>& out, bool& other) {
    if (e.kind == ExprKind::Property) out.emplace_back(e.slot, e.property);
    else if (e.slot >= 0) other = true;
    for (const auto& c : e.children) properties_read(c, out, other);
  }

  static CompareOp mirrored(CompareOp op) {
    switch (op) {
      case CompareOp::Lt: return CompareOp::Gt;
      case CompareOp::Le: return CompareOp::Ge;
      case CompareOp::Gt: return CompareOp::Lt;
      case CompareOp::Ge: return CompareOp::Le;
      default: return op;
    }
  }

  Filter compile_filter(const BoundExpr& e, bool node) const {
    Filter f;
    f.expr = &e;
    std::vector<std::pair<int, int>> read;
    bool other = false;
    properties_read(e, read, other);
    std::sort(read.begin(), read.end());
    read.erase(std::unique(read.begin(), read.end()), read.end());
    if (other || read.size() != 1) return f;
    f.property = read[0].second;
    const auto low_cardinality =
        node ? std::vector<int>{static_cast<int>(NodeProperty::Type)}
             : std::vector<int>{static_cast<int>(EdgeProperty::Relation), static_cast<int>(EdgeProperty::Polarity),
                                static_cast<int>(EdgeProperty::Modality), static_cast<int>(EdgeProperty::Date),
                                static_cast<int>(EdgeProperty::Document)};
    if (std::find(low_cardinality.begin(), low_cardinality.end(), f.property) != low_cardinality.end()) {
      f.kind = Filter::Kind::Memo;
      return f;
    }
    // <property> <op> <literal>, either way round.
    const bool binary = e.kind == ExprKind::Compare || e.kind == ExprKind::Contains ||
                        e.kind == ExprKind::StartsWith || e.kind == ExprKind::EndsWith;
    if (!binary) return f;
    int side = -1;
    if (e.children[0].kind == ExprKind::Property && e.children[1].kind == ExprKind::Literal) side = 0;
    else if (e.kind == ExprKind::Compare && e.children[1].kind == ExprKind::Property &&
             e.children[0].kind == ExprKind::Literal)
      side = 1;
    if (side < 0) return f;
    const BoundExpr& literal = e.children[static_cast<std::size_t>(1 - side)];
    f.op_kind = e.kind;
    f.op = side == 0 ? e.op : mirrored(e.op);
    f.constant = ref_of(literal.value);
    const bool number = std::holds_alternative<std::int64_t>(literal.value) || std::holds_alternative<double>(literal.value);
    if (std::holds_alternative<std::string>(literal.value)) f.constant.folded = literal.folded;
    if (!node && e.kind == ExprKind::Compare && number &&
        (f.property == static_cast<int>(EdgeProperty::Confidence) || f.property == static_cast<int>(EdgeProperty::Evidence)))
      f.kind = Filter::Kind::Number;
    else if (node && std::holds_alternative<std::string>(literal.value) && f.property != static_cast<int>(NodeProperty::Type) &&
             (e.kind != ExprKind::Compare || e.op == CompareOp::Eq || e.op == CompareOp::Ne))
      f.kind = Filter::Kind::Text;
    return f;
  }

  static bool holds(CompareOp op, int c) {
    switch (op) {
      case CompareOp::Eq: return c == 0;
      case CompareOp::Ne: return c != 0;
      case CompareOp::Lt: return c < 0;
      case CompareOp::Le: return c <= 0;
      case CompareOp::Gt: return c > 0;
      default: return c >= 0;
    }
  }

  // The value code of a Memo filter's property for the current binding of `slot`, and how many codes
  // there are.
  std::pair<std::size_t, std::size_t> memo_code(const Filter& f, std::size_t slot) const {
    const auto& s = slots_[slot];
    if (tree_.slots[slot] == SlotKind::Node) return {static_cast<std::size_t>(vertices_.type[s.vertex]), 4};
    switch (static_cast<EdgeProperty>(f.property)) {
      case EdgeProperty::Relation: return {edges_.relation[s.edge], store_.relation_names.size()};
      case EdgeProperty::Polarity: return {edges_.positive[s.edge], 2};
      case EdgeProperty::Modality: return {static_cast<std::size_t>(edges_.modality[s.edge]), 3};
      case EdgeProperty::Date: return {edges_.date[s.edge], store_.strings.size()};
      default: return {edges_.document[s.edge], store_.strings.size()};
    }
  }

  bool passes(Filter& f, std::size_t slot) {
    const auto& s = slots_[slot];
    switch (f.kind) {
      case Filter::Kind::Memo: {
        const auto [code, codes] = memo_code(f, slot);
        if (f.memo.size() != codes) f.memo.assign(codes, 0);
        auto& m = f.memo[code];
        if (m == 0) {
          scratch_used_ = 0;
          m = test(*f.expr) == Truth(true) ? 1 : 2;
        }
        return m == 1;
      }
      case Filter::Kind::Number: {
        const bool confidence = f.property == static_cast<int>(EdgeProperty::Confidence);
        int c;
        if (!confidence && f.constant.value.index() == 2) {
          const auto x = static_cast<std::int64_t>(edges_.evidence[s.edge]), y = std::get<std::int64_t>(f.constant.value);
          c = x < y ? -1 : x > y ? 1 : 0;
        } else {
          const double x = confidence ? edges_.confidence[s.edge] : static_cast<double>(edges_.evidence[s.edge]);
          const double y = as_double(f.constant);
          c = x < y ? -1 : x > y ? 1 : 0;
        }
        return holds(f.op, c);
      }
      case Filter::Kind::Text: {
        const auto& column = f.property == static_cast<int>(NodeProperty::Id)     ? vertices_.id
                             : f.property == static_cast<int>(NodeProperty::Name) ? vertices_.name
                                                                                  : vertices_.name_en;
        // An absent name is null, and null is never true.
        if (f.property != static_cast<int>(NodeProperty::Id) && column.text(s.vertex).empty()) return false;
        const std::string_view h = column.folded(s.vertex), needle = *f.constant.folded;
        if (f.op_kind == ExprKind::Compare) return (h == needle) == (f.op == CompareOp::Eq);
        return string_test(f.op_kind, h, needle);
      }
      default:
        scratch_used_ = 0;
        return test(*f.expr) == Truth(true);
    }
  }

  bool passes_filters(std::size_t slot) {
    for (auto& f : filters_[slot])
      if (!passes(f, slot)) return false;
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
      case NodeProperty::Id: return string_ref(vertices_.id.text(v), vertices_.id.folded(v));
      case NodeProperty::Type: return string_ref(to_string(vertices_.type[v]));
      case NodeProperty::Name: return string_or_null(vertices_.name.text(v), vertices_.name.folded(v));
      case NodeProperty::NameEn: return string_or_null(vertices_.name_en.text(v), vertices_.name_en.folded(v));
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
        return string_or_null(store_.strings.text(edges_.date[e]), store_.strings.folded(edges_.date[e]));
      case EdgeProperty::Document:
        return string_or_null(store_.strings.text(edges_.document[e]), store_.strings.folded(edges_.document[e]));
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
    if (as_string(b)) b.folded = t.folded;
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
      for (const auto& a : vertices_.out[v]) {
        if (stop_) return;
        if (!allowed[a.relation] || (check_properties && !edge_properties_match(a.edge, r))) continue;
        f(a.edge, a.other);
      }
    }
    if (in) {
      for (const auto& a : vertices_.in[v]) {
        if (stop_) return;
        if (out && a.other == v) continue;  // a self-loop was already seen as an out-edge
        if (!allowed[a.relation] || (check_properties && !edge_properties_match(a.edge, r))) continue;
        f(a.edge, a.other);
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
  //
  // A small cost model: the vertices and edges a plan visits, with the rows after each step estimated
  // from the graph's counts (mean degree, edges per relation, vertices per type; a tenth for property
  // tests and WHERE conditions, whose selectivity is unknown).

  double vertex_count() const { return std::max(1.0, static_cast<double>(vertices_.type.size())); }
  double mean_degree() const { return static_cast<double>(edges_.size()) / vertex_count(); }

  // Edges of the relations `r` allows.
  double typed_edges(const BoundRel& r) const {
    const auto& f = rel_filter(r);
    if (!f.typed) return static_cast<double>(edges_.size());
    double n = 0;
    for (const auto id : f.ids) n += static_cast<double>(store_.edges_of_relation[id].size());
    return n;
  }

  // Fraction of bindings that pass node n's label, and its other tests.
  double label_selectivity(const BoundNode& n) const {
    return n.label ? static_cast<double>(vertices_.count_of_type[static_cast<std::size_t>(*n.label)]) / vertex_count()
                   : 1.0;
  }
  double test_selectivity(const BoundNode& n) const {
    return n.properties.empty() && filters_[static_cast<std::size_t>(n.slot)].empty() ? 1.0 : 0.1;
  }
  double edge_test_selectivity(const BoundRel& r) const {
    return r.properties.empty() && filters_[static_cast<std::size_t>(r.slot)].empty() ? 1.0 : 0.5;
  }

  // Work of crossing r from `rows` bound vertices (every edge at them is looked at), and the rows after.
  std::pair<double, double> step_estimate(const BoundRel& r, const BoundNode& to, double rows) const {
    const double walked = mean_degree() * (r.direction == Direction::Both ? 2 : 1);
    const double kept = walked * typed_edges(r) / std::max(1.0, static_cast<double>(edges_.size())) *
                        edge_test_selectivity(r);
    const int hops = r.variable_length ? static_cast<int>(std::min<std::uint32_t>(r.max_hops, 3)) : 1;
    double cost = 0, reached = rows;
    for (int h = 0; h < hops; ++h) {
      cost += reached * walked;
      reached *= kept;
    }
    return {cost, reached * label_selectivity(to) * test_selectivity(to)};
  }

  // Work of extending bound nodes [lo, hi] of p to the whole path.
  double extension_cost(const BoundPath& p, std::size_t lo, std::size_t hi, double rows) const {
    double cost = 0;
    for (std::size_t i = hi; i + 1 < p.nodes.size(); ++i) {
      const auto [c, r] = step_estimate(p.rels[i], p.nodes[i + 1], rows);
      cost += c;
      rows = r;
    }
    for (std::size_t i = lo; i > 0; --i) {
      const auto [c, r] = step_estimate(p.rels[i - 1], p.nodes[i - 1], rows);
      cost += c;
      rows = r;
    }
    return cost;
  }

  double vertex_scan_cost(const BoundPath& p, std::size_t anchor) const {
    const BoundNode& n = p.nodes[anchor];
    const double candidates = vertex_count() * label_selectivity(n);
    return candidates + extension_cost(p, anchor, anchor, candidates * test_selectivity(n));
  }

  double edge_scan_cost(const BoundPath& p, std::size_t i) const {
    const BoundRel& r = p.rels[i];
    const double scanned = typed_edges(r);
    const double rows = scanned * (r.direction == Direction::Both ? 2 : 1) * edge_test_selectivity(r) *
                        label_selectivity(p.nodes[i]) * test_selectivity(p.nodes[i]) *
                        label_selectivity(p.nodes[i + 1]) * test_selectivity(p.nodes[i + 1]);
    return scanned + extension_cost(p, i, i + 1, rows);
  }

  // The fixed-length relationship whose edge scan is estimated cheaper than the vertex scan, if any.
  std::optional<std::size_t> choose_edge_scan(const BoundPath& p, std::size_t anchor) const {
    std::optional<std::size_t> best;
    double best_cost = vertex_scan_cost(p, anchor);
    for (std::size_t i = 0; i < p.rels.size(); ++i) {
      if (p.rels[i].variable_length) continue;
      const double cost = edge_scan_cost(p, i);
      if (cost < best_cost) {
        best_cost = cost;
        best = i;
      }
    }
    return best;
  }

  static constexpr std::int64_t kNotPinned = -2, kMissing = -1;

  // The one vertex node pattern n can match when it is bound or names an id (as for_each_candidate
  // looks it up), kMissing when that id is not in the graph, else kNotPinned.
  std::int64_t pinned_vertex(const BoundNode& n) const {
    const auto& slot = slots_[static_cast<std::size_t>(n.slot)];
    if (slot.bound) return slot.vertex;
    const std::string* id = nullptr;
    for (const auto& t : n.properties)
      if (const auto* s = std::get_if<std::string>(&t.value);
          s && t.property == static_cast<int>(NodeProperty::Id) && *s == t.folded) {
        id = s;
        break;
      }
    if (!id && id_hint_[static_cast<std::size_t>(n.slot)]) id = &*id_hint_[static_cast<std::size_t>(n.slot)];
    if (!id) return kNotPinned;
    const auto v = store_.find_vertex(*id);
    return v == VertexTable::kNone ? kMissing : static_cast<std::int64_t>(v);
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
        if (const auto v = store_.find_vertex(*id); v != VertexTable::kNone) with_node(n, v, k);
        return;
      }
    }
    if (const auto& hint = id_hint_[static_cast<std::size_t>(n.slot)]) {
      if (const auto v = store_.find_vertex(*hint); v != VertexTable::kNone) with_node(n, v, k);
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
    auto visit = [&](EdgeIndex e, VertexIndex s, VertexIndex t) {
      if (check_properties && !edge_properties_match(e, r)) return;
      if (r.direction != Direction::Left) bind(e, s, t);
      if (r.direction == Direction::Left || (r.direction == Direction::Both && s != t)) bind(e, t, s);
    };
    const auto& f = rel_filter(r);
    if (f.typed) {
      // A relation's edges are scattered over the edge rows: fetch the tested properties a few edges
      // ahead, so that testing them does not wait on memory edge after edge.
      const auto columns = tested_columns(r);
      constexpr std::size_t kAhead = 16;
      for (const auto id : f.ids) {
        const auto& list = store_.edges_of_relation[id];
        for (std::size_t k = 0; k < list.size() && !stop_; ++k) {
          if (k + kAhead < list.size())
            for (const auto& [base, width] : columns) __builtin_prefetch(base + list[k + kAhead].edge * width);
          visit(list[k].edge, list[k].source, list[k].target);
        }
      }
      return;
    }
    const auto count = static_cast<EdgeIndex>(edges_.size());
    for (EdgeIndex e = 0; e < count && !stop_; ++e) visit(e, edges_.source[e], edges_.target[e]);
  }

  // The edge columns (start, width of a row) that the WHERE conditions and property map of r read.
  std::vector<std::pair<const char*, std::size_t>> tested_columns(const BoundRel& r) const {
    std::vector<int> properties;
    for (const auto& t : r.properties) properties.push_back(t.property);
    for (const auto& filter : filters_[static_cast<std::size_t>(r.slot)]) {
      std::vector<std::pair<int, int>> read;
      bool other = false;
      properties_read(*filter.expr, read, other);
      for (const auto& [slot, property] : read) properties.push_back(property);
    }
    std::sort(properties.begin(), properties.end());
    properties.erase(std::unique(properties.begin(), properties.end()), properties.end());
    std::vector<std::pair<const char*, std::size_t>> out;
    auto column = [&](const auto& v) {
      out.emplace_back(reinterpret_cast<const char*>(v.data()), sizeof(v[0]));
    };
    for (const int p : properties) switch (static_cast<EdgeProperty>(p)) {
        case EdgeProperty::Relation: break;  // the list is of one relation
        case EdgeProperty::Polarity: column(edges_.positive); break;
        case EdgeProperty::Modality: column(edges_.modality); break;
        case EdgeProperty::Confidence: column(edges_.confidence); break;
        case EdgeProperty::Date: column(edges_.date); break;
        case EdgeProperty::Document: column(edges_.document); break;
        case EdgeProperty::Evidence: column(edges_.evidence); break;
      }
    return out;
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
    // When the end is one known vertex, the search stops as soon as it reaches it: its path is the one
    // the whole search would have given (a vertex's parent is set when it is first reached).
    const std::int64_t target = pinned_vertex(end);
    if (target == kMissing) return;
    for_each_candidate(start, [&] {
      const VertexIndex source = slots_[static_cast<std::size_t>(start.slot)].vertex;
      std::vector<std::uint32_t> depth(n, 0);
      std::vector<EdgeIndex> parent(n, kNoEdge);
      std::vector<VertexIndex> order{source};
      std::vector<bool> seen(n, false);
      seen[source] = true;
      bool reached = false;
      for (std::size_t head = 0; head < order.size() && !reached; ++head) {
        const VertexIndex u = order[head];
        if (depth[u] >= r.max_hops) continue;
        for_each_step(u, r, from_left, [&](EdgeIndex e, VertexIndex next) {
          if (seen[next] || reached) return;
          seen[next] = true;
          depth[next] = depth[u] + 1;
          parent[next] = e;
          order.push_back(next);
          reached = next == target;
        });
      }
      auto& rel = slots_[static_cast<std::size_t>(r.slot)];
      for (std::size_t i = 1; i < order.size() && !stop_; ++i) {
        const VertexIndex t = order[i];
        if (target >= 0 && t != target) continue;
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
        if (as_string(r)) r.folded = e.folded;
        return r;
      }
      case ExprKind::Variable: {
        const auto& s = slots_[static_cast<std::size_t>(e.slot)];
        if (e.slot_kind == SlotKind::Node) return node_property(s.vertex, static_cast<int>(NodeProperty::Id));
        auto& text = scratch();
        text = vertices_.id.text(edges_.source[s.edge]);
        text += '-';
        text += store_.relation_names[edges_.relation[s.edge]];
        text += "->";
        text += vertices_.id.text(edges_.target[s.edge]);
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
          left.folded = folded;
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

  // The counts of a group, one per RETURN item (only count items use theirs); the values seen by
  // count(DISTINCT x), only when the query has one.
  using DistinctSet = std::set<Value, ValueLess>;
  struct Group {
    std::vector<Value> key;  // the RETURN items that are not counts, in order
    std::vector<std::int64_t> counts;
    std::vector<DistinctSet> distinct;
  };
  void open_group(Group& g) const {
    g.counts.assign(tree_.items.size(), 0);
    if (has_distinct_) g.distinct.resize(tree_.items.size());
  }
  struct Row {
    std::vector<Value> values;
    std::vector<Value> sort_keys;  // ORDER BY expressions that are not RETURN columns
    std::uint64_t sequence = 0;    // order of emission: ties keep it, as a stable sort would
  };

  void emit() {
    scratch_used_ = 0;
    if (tree_.where && !where_fully_pushed_ && test(*tree_.where) != Truth(true)) return;
    if (collect_subgraph_) remember_match();
    if (count_star_only_) {  // RETURN count(*), ...: nothing to evaluate
      ++star_count_;
      return;
    }
    if (ungrouped_) {  // only counts: one group, no key
      count_into(single_group_.counts.data(), single_group_.distinct.data());
      return;
    }
    if (tree_.aggregate) {
      if (coded_) {
        const std::size_t g = find_coded_group(), n = tree_.items.size();
        count_into(&code_counts_[g * n], has_distinct_ ? &code_distinct_[g * n] : nullptr);
      } else {
        Group& g = find_group();
        count_into(g.counts.data(), g.distinct.data());
      }
      return;
    }
    if (top_k_ && rows_.size() == top_k_ && !may_enter_top_k()) return;
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
    open_group(g);
    return g;
  }

  void count_into(std::int64_t* counts, DistinctSet* distinct) {
    for (std::size_t i = 0; i < tree_.items.size(); ++i) {
      const auto& item = tree_.items[i];
      if (item.kind == ExprKind::CountStar) ++counts[i];
      else if (item.kind == ExprKind::Count) {
        const Ref v = eval(item.children[0]);
        if (is_null(v)) continue;
        if (item.distinct) distinct[i].insert(value_of(v));
        else ++counts[i];
      }
    }
  }

  // ---- grouping by codes ----
  //
  // When every key of a count() query is a variable or property of a node or relationship variable,
  // a match's key follows from integers at hand: the vertex, the edge, or the edge's relation id,
  // pooled date id, confidence bits... Matches are grouped by those codes first (a flat hash table, no
  // string touched), with one binding kept per code group; finish() then evaluates each code group's
  // key once and merges code groups whose keys are equal (two vertices with the same name).

  struct KeyCode {
    int slot;
    bool node;
    int property;  // EdgeProperty for a relationship's property, -1 for the variable itself
  };

  void plan_codes() {
    coded_ = tree_.aggregate && !ungrouped_;
    codes_injective_ = true;
    for (const auto& item : tree_.items) {
      if (item.kind == ExprKind::Count || item.kind == ExprKind::CountStar) continue;
      const bool node = item.slot_kind == SlotKind::Node;
      if ((item.kind != ExprKind::Property && item.kind != ExprKind::Variable) ||
          (!node && item.slot_kind != SlotKind::Edge)) {
        coded_ = false;
        return;
      }
      // A vertex determines its id alone among node properties (ids are unique); every edge code
      // determines its property and back (one pooled id per string, one relation id per name).
      if (node && item.kind == ExprKind::Property && item.property != static_cast<int>(NodeProperty::Id))
        codes_injective_ = false;
      key_codes_.push_back({item.slot, node, item.kind == ExprKind::Property && !node ? item.property : -1});
    }
  }

  std::uint64_t code_of(const KeyCode& k) const {
    const auto& s = slots_[static_cast<std::size_t>(k.slot)];
    if (k.node) return s.vertex;
    const EdgeIndex e = s.edge;
    switch (k.property < 0 ? EdgeProperty::Relation : static_cast<EdgeProperty>(k.property)) {
      case EdgeProperty::Relation: return k.property < 0 ? e : edges_.relation[e];
      case EdgeProperty::Polarity: return edges_.positive[e];
      case EdgeProperty::Modality: return static_cast<std::uint64_t>(edges_.modality[e]);
      case EdgeProperty::Confidence: {
        const double d = edges_.confidence[e] == 0 ? 0.0 : edges_.confidence[e];  // -0.0 is 0.0
        std::uint64_t bits;
        std::memcpy(&bits, &d, sizeof bits);
        return bits;
      }
      case EdgeProperty::Date: return edges_.date[e];
      case EdgeProperty::Document: return edges_.document[e];
      case EdgeProperty::Evidence: return edges_.evidence[e];
    }
    return 0;
  }

  static std::uint64_t mix(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
  }

  // The index of the current match's code group.
  std::size_t find_coded_group() {
    const std::size_t k = key_codes_.size();
    codes_.clear();
    std::uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (const auto& c : key_codes_) {
      codes_.push_back(code_of(c));
      h = mix(h ^ codes_.back());
    }
    if ((coded_count_ + 1) * 2 > table_.size()) grow_table();
    const std::size_t mask = table_.size() - 1;
    for (std::size_t at = h & mask;; at = (at + 1) & mask) {
      const auto entry = table_[at];
      if (entry == 0) {
        table_[at] = static_cast<std::uint32_t>(++coded_count_);
        code_keys_.insert(code_keys_.end(), codes_.begin(), codes_.end());
        code_hashes_.push_back(h);
        for (const auto& c : key_codes_) {  // a binding of the group, to evaluate its key in finish()
          const auto& slot = slots_[static_cast<std::size_t>(c.slot)];
          code_bindings_.push_back(c.node ? slot.vertex : slot.edge);
        }
        code_counts_.resize(coded_count_ * tree_.items.size());
        if (has_distinct_) code_distinct_.resize(coded_count_ * tree_.items.size());
        return coded_count_ - 1;
      }
      const std::size_t g = entry - 1;
      if (code_hashes_[g] == h && std::equal(codes_.begin(), codes_.end(), code_keys_.begin() + static_cast<std::ptrdiff_t>(g * k)))
        return g;
    }
  }

  void grow_table() {
    table_.assign(std::max<std::size_t>(64, table_.size() * 2), 0);
    const std::size_t mask = table_.size() - 1;
    for (std::size_t g = 0; g < coded_count_; ++g) {
      std::size_t at = code_hashes_[g] & mask;
      while (table_[at] != 0) at = (at + 1) & mask;
      table_[at] = static_cast<std::uint32_t>(g + 1);
    }
  }

  // Code groups → groups by key value. When codes determine keys one to one, each code group is a
  // group, and its row is made here; else code groups with equal keys are merged, their counts added (DISTINCT: sets united).
  void merge_coded_groups() {
    const std::size_t k = key_codes_.size(), n = tree_.items.size();
    if (codes_injective_) rows_.reserve(coded_count_);
    for (std::size_t g = 0; g < coded_count_; ++g) {
      for (std::size_t j = 0; j < k; ++j) {
        auto& slot = slots_[static_cast<std::size_t>(key_codes_[j].slot)];
        slot.bound = true;
        if (key_codes_[j].node) slot.vertex = code_bindings_[g * k + j];
        else slot.edge = code_bindings_[g * k + j];
      }
      scratch_used_ = 0;
      const auto counts = code_counts_.begin() + static_cast<std::ptrdiff_t>(g * n);
      if (codes_injective_) {  // the group's row, straight away
        Row& row = rows_.emplace_back();
        row.values.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
          const auto& item = tree_.items[i];
          if (item.kind == ExprKind::Count || item.kind == ExprKind::CountStar)
            row.values.emplace_back(item.distinct ? static_cast<std::int64_t>(code_distinct_[g * n + i].size())
                                                  : counts[static_cast<std::ptrdiff_t>(i)]);
          else row.values.push_back(value_of(eval(item)));
        }
        continue;
      }
      Group& into = find_group();
      for (std::size_t i = 0; i < n; ++i) {
        into.counts[i] += counts[static_cast<std::ptrdiff_t>(i)];
        if (has_distinct_) into.distinct[i].merge(code_distinct_[g * n + i]);
      }
    }
  }

  // ORDER BY … LIMIT with the heap full: whether the current match sorts before the worst row kept,
  // evaluating its ORDER BY keys one at a time (most matches lose on the first) before building it.
  bool may_enter_top_k() {
    const Row& worst = rows_.front();
    std::size_t k = 0;
    for (const auto& s : tree_.order) {
      const bool column = s.expr.column >= 0;
      const Ref x = eval(column ? tree_.items[static_cast<std::size_t>(s.expr.column)] : s.expr);
      const Value& y = column ? worst.values[static_cast<std::size_t>(s.expr.column)] : worst.sort_keys[k++];
      const int c = total_compare(x, ref_of(y));
      if (c != 0) return (s.descending ? -c : c) < 0;
    }
    return false;  // a tie: the worst kept came first
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
    if (coded_) merge_coded_groups();
    if (ungrouped_) {  // one row, of zeros when nothing matched
      if (count_star_only_) std::fill(single_group_.counts.begin(), single_group_.counts.end(), star_count_);
      groups_.push_back(std::move(single_group_));
    }
    if (tree_.aggregate) {
      rows_.reserve(groups_.size());
      for (auto& group : groups_) {
        Row row;
        std::size_t k = 0;
        for (std::size_t i = 0; i < tree_.items.size(); ++i) {
          const auto& item = tree_.items[i];
          if (item.kind == ExprKind::Count || item.kind == ExprKind::CountStar)
            row.values.push_back(item.distinct ? static_cast<std::int64_t>(group.distinct[i].size()) : group.counts[i]);
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
  std::vector<std::vector<Filter>> filters_;            // per slot: WHERE conjuncts on it alone
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

  Group single_group_;  // the one group of a query that returns only counts
  std::vector<Group> groups_;
  std::unordered_multimap<std::size_t, std::size_t> group_index_;  // key hash → groups_ index
  bool coded_ = false;                       // grouping by codes (see plan_codes)
  std::vector<KeyCode> key_codes_;           // per key item
  std::vector<std::uint64_t> codes_;         // of the current match
  std::vector<std::uint64_t> code_keys_;     // per code group: its codes
  std::vector<std::uint64_t> code_hashes_;   // per code group
  std::vector<std::uint32_t> code_bindings_; // per code group and key: a vertex or edge of it
  bool codes_injective_ = false;             // each code group is its own key
  std::vector<std::int64_t> code_counts_;    // per code group and RETURN item
  std::vector<DistinctSet> code_distinct_;   // per code group and RETURN item, with count(DISTINCT)
  bool has_distinct_ = false;                // some RETURN item is count(DISTINCT x)
  bool count_star_only_ = false;             // RETURN has only count(*) items
  std::int64_t star_count_ = 0;
  std::vector<std::uint32_t> table_;         // open addressing: code group + 1, or 0
  std::size_t coded_count_ = 0;
  std::vector<Row> rows_;
  std::vector<bool> vertex_used_;
  std::vector<bool> edge_used_;
};

}  // namespace

ResultSet evaluate_tree(const BoundTree& tree, const KnowledgeGraph& graph, bool collect_subgraph) {
  return Evaluator(tree, graph, collect_subgraph).run();
}

}  // namespace newsgraph::graph::query
