// Binder: SyntaxTree → BoundTree. Checks every name against the ontology and the query's own
// variables; errors point at the offending name with a "did you mean" suggestion where one is close.
#include <algorithm>
#include <array>
#include <map>

#include "graph/diagnostic.h"
#include "graph/ontology.h"
#include "graph/query/binder.h"

namespace newsgraph::graph::query {
namespace {

constexpr std::array<std::string_view, 4> kNodeProperties = {"id", "type", "name", "name_en"};
constexpr std::array<std::string_view, 7> kEdgeProperties = {"relation", "polarity",  "modality", "confidence",
                                                             "date",     "document", "evidence"};

template <std::size_t N>
int find_property(const std::array<std::string_view, N>& names, std::string_view key) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == key) return static_cast<int>(i);
  return -1;
}

template <std::size_t N>
std::string suggestion(const std::array<std::string_view, N>& names, std::string_view key) {
  std::string best;
  std::size_t best_distance = 3;
  for (auto n : names) {
    const auto d = edit_distance(key, n);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(n);
    }
  }
  return best;
}

template <std::size_t N>
std::string list(const std::array<std::string_view, N>& names) {
  std::string out;
  for (auto n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

std::string_view kind_name(SlotKind kind) {
  switch (kind) {
    case SlotKind::Node: return "a node";
    case SlotKind::Edge: return "a relationship";
    case SlotKind::EdgeList: return "a variable-length relationship";
    case SlotKind::Path: return "a path";
  }
  return "a variable";
}

bool contains_aggregate(const Expr& e) {
  if (e.kind == ExprKind::Count || e.kind == ExprKind::CountStar) return true;
  return std::any_of(e.children.begin(), e.children.end(), contains_aggregate);
}

class Binder {
 public:
  Binder(std::shared_ptr<const SyntaxTree> syntax, const Ontology& ontology)
      : syntax_(std::move(syntax)), tree_(*syntax_), ontology_(ontology) {}

  BoundTree bind() {
    BoundTree out;
    out.syntax = syntax_;
    for (const auto& p : tree_.patterns) out.paths.push_back(bind_path(p));
    if (tree_.where) {
      if (contains_aggregate(*tree_.where)) fail(find_aggregate(*tree_.where).range, "count() is not allowed in WHERE");
      out.where = bind_expr(*tree_.where);
    }
    out.distinct = tree_.distinct;
    for (const auto& item : tree_.items) {
      const bool top = item.expr.kind == ExprKind::Count || item.expr.kind == ExprKind::CountStar;
      if (top) {
        out.aggregate = true;
        if (item.expr.kind == ExprKind::Count && contains_aggregate(item.expr.children[0]))
          fail(item.expr.children[0].range, "count() cannot be nested");
      } else if (contains_aggregate(item.expr)) {
        fail(find_aggregate(item.expr).range, "count() must be a whole RETURN item");
      }
      out.items.push_back(bind_expr(item.expr));
      out.columns.push_back(item.alias.empty() ? print_expr(item.expr) : item.alias);
    }
    for (std::size_t i = 0; i < out.columns.size(); ++i)
      for (std::size_t k = 0; k < i; ++k)
        if (out.columns[i] == out.columns[k])
          fail(tree_.items[i].range, "duplicate RETURN column '" + out.columns[i] + "' (add AS to rename it)");
    for (const auto& s : tree_.order) out.order.push_back(bind_sort(s, out));
    if (tree_.skip) out.skip = std::get<std::int64_t>(tree_.skip->value);
    if (tree_.limit) out.limit = std::get<std::int64_t>(tree_.limit->value);
    out.slots = slots_;
    return out;
  }

 private:
  [[noreturn]] void fail(Range r, const std::string& message) const {
    throw InputError(diagnose_at(tree_.path, tree_.text, r.begin, message, r.end - r.begin));
  }

  static const Expr& find_aggregate(const Expr& e) {
    if (e.kind == ExprKind::Count || e.kind == ExprKind::CountStar) return e;
    for (const auto& c : e.children)
      if (contains_aggregate(c)) return find_aggregate(c);
    return e;
  }

  int declare(const std::string& name, SlotKind kind, Range at) {
    if (name.empty()) {
      slots_.push_back(kind);
      return static_cast<int>(slots_.size() - 1);
    }
    auto it = variables_.find(name);
    if (it != variables_.end()) {
      const SlotKind existing = slots_[static_cast<std::size_t>(it->second)];
      if (kind == SlotKind::Node && existing == SlotKind::Node) return it->second;  // a join
      if (existing != kind)
        fail(at, "variable '" + name + "' is already " + std::string(kind_name(existing)));
      fail(at, "variable '" + name + "' is bound twice (only node variables may repeat)");
    }
    slots_.push_back(kind);
    const int slot = static_cast<int>(slots_.size() - 1);
    variables_.emplace(name, slot);
    return slot;
  }

  std::vector<BoundPropertyTest> bind_properties(const std::vector<PropertyEntry>& props, bool node) {
    std::vector<BoundPropertyTest> out;
    for (const auto& p : props) {
      const int index = node ? find_property(kNodeProperties, p.key) : find_property(kEdgeProperties, p.key);
      if (index < 0) unknown_property(p.key, p.key_range, node);
      BoundPropertyTest t{index, p.value.value, {}};
      if (const auto* s = std::get_if<std::string>(&t.value)) t.folded = fold(*s);
      out.push_back(std::move(t));
    }
    return out;
  }

  [[noreturn]] void unknown_property(const std::string& key, Range at, bool node) const {
    const std::string hint = node ? suggestion(kNodeProperties, key) : suggestion(kEdgeProperties, key);
    std::string message = std::string("unknown ") + (node ? "node" : "relationship") + " property '" + key + "'";
    if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
    message += "; " + std::string(node ? "node" : "relationship") + " properties are " +
               (node ? list(kNodeProperties) : list(kEdgeProperties));
    fail(at, message);
  }

  BoundPath bind_path(const PathPattern& p) {
    BoundPath out;
    out.shortest = p.shortest;
    if (p.shortest) {
      if (p.rels.size() != 1) fail(p.range, "shortestPath takes one relationship between two nodes: shortestPath((a)-[*]-(b))");
    }
    for (std::size_t i = 0; i < p.nodes.size(); ++i) {
      const auto& n = p.nodes[i];
      BoundNode bn;
      bn.slot = declare(n.variable, SlotKind::Node, n.range);
      if (!n.label.empty()) {
        const auto* info = ontology_.entity_type(n.label);
        if (!info) {
          std::string message = "unknown label '" + n.label + "'";
          if (auto s = ontology_.suggest_entity_type(n.label); !s.empty()) message += " (did you mean '" + s + "'?)";
          std::string all;
          for (const auto& t : ontology_.entity_types()) all += (all.empty() ? "" : ", ") + t.name;
          fail(n.label_range, message + "; labels are " + all);
        }
        bn.label = info->type;
      }
      bn.properties = bind_properties(n.properties, true);
      out.nodes.push_back(std::move(bn));
      if (i < p.rels.size()) out.rels.push_back(bind_rel(p.rels[i], p.shortest));
    }
    if (!p.variable.empty()) out.slot = declare(p.variable, SlotKind::Path, p.range);
    return out;
  }

  BoundRel bind_rel(const RelPattern& r, bool shortest) {
    BoundRel out;
    const bool many = r.variable_length || shortest;
    out.slot = declare(r.variable, many ? SlotKind::EdgeList : SlotKind::Edge, r.range);
    for (std::size_t i = 0; i < r.types.size(); ++i) {
      if (!ontology_.relation(r.types[i])) {
        std::string message = "unknown relation '" + r.types[i] + "'";
        if (auto s = ontology_.suggest_relation(r.types[i]); !s.empty()) message += " (did you mean '" + s + "'?)";
        fail(r.type_ranges[i], message);
      }
      if (std::find(out.types.begin(), out.types.end(), r.types[i]) == out.types.end()) out.types.push_back(r.types[i]);
    }
    out.direction = r.direction;
    out.variable_length = many;
    if (r.variable_length) {
      out.min_hops = r.min_hops.value_or(1);
      out.max_hops = r.max_hops.value_or(shortest ? 1000 : std::max(kDefaultMaxHops, out.min_hops));
      if (out.min_hops == 0) fail(r.range, "a variable-length relationship needs at least one hop (*1..)");
      if (out.min_hops > out.max_hops) fail(r.range, "the lower bound of a variable-length relationship exceeds its upper bound");
      if (shortest && out.min_hops > 1) fail(r.range, "shortestPath takes a lower bound of 1 (*..n)");
    }
    out.properties = bind_properties(r.properties, false);
    return out;
  }

  int lookup(const std::string& name, Range at) const {
    auto it = variables_.find(name);
    if (it == variables_.end()) {
      std::string message = "unknown variable '" + name + "'";
      std::string best;
      std::size_t best_distance = 3;
      for (const auto& [v, slot] : variables_) {
        const auto d = edit_distance(name, v);
        if (d < best_distance) {
          best_distance = d;
          best = v;
        }
      }
      if (!best.empty()) message += " (did you mean '" + best + "'?)";
      fail(at, message);
    }
    return it->second;
  }

  BoundExpr bind_expr(const Expr& e) {
    BoundExpr out;
    out.kind = e.kind;
    out.op = e.op;
    out.distinct = e.distinct;
    out.negated = e.negated;
    switch (e.kind) {
      case ExprKind::Literal:
        out.value = e.value;
        if (const auto* s = std::get_if<std::string>(&e.value)) out.folded = fold(*s);
        return out;
      case ExprKind::Variable:
        out.slot = lookup(e.name, e.range);
        out.slot_kind = slots_[static_cast<std::size_t>(out.slot)];
        if (out.slot_kind == SlotKind::EdgeList || out.slot_kind == SlotKind::Path)
          fail(e.range, "'" + e.name + "' is " + std::string(kind_name(out.slot_kind)) + ": use length(" + e.name + ")");
        return out;
      case ExprKind::Property: {
        out.slot = lookup(e.name, e.range);
        out.slot_kind = slots_[static_cast<std::size_t>(out.slot)];
        if (out.slot_kind == SlotKind::EdgeList || out.slot_kind == SlotKind::Path)
          fail(e.range, "'" + e.name + "' is " + std::string(kind_name(out.slot_kind)) +
                            " and has no properties: use length(" + e.name + ")");
        const bool node = out.slot_kind == SlotKind::Node;
        out.property = node ? find_property(kNodeProperties, e.key) : find_property(kEdgeProperties, e.key);
        if (out.property < 0) unknown_property(e.key, e.key_range, node);
        return out;
      }
      case ExprKind::Length: {
        const Expr& arg = e.children[0];
        if (arg.kind != ExprKind::Variable) fail(arg.range, "length() takes a path or variable-length relationship variable");
        out.slot = lookup(arg.name, arg.range);
        out.slot_kind = slots_[static_cast<std::size_t>(out.slot)];
        if (out.slot_kind != SlotKind::EdgeList && out.slot_kind != SlotKind::Path)
          fail(arg.range, "length() takes a path or variable-length relationship, and '" + arg.name + "' is " +
                              std::string(kind_name(out.slot_kind)));
        return out;
      }
      case ExprKind::In:
        if (e.children[1].kind != ExprKind::List) fail(e.children[1].range, "IN takes a list '[...]'");
        break;
      default: break;
    }
    for (const auto& c : e.children) out.children.push_back(bind_expr(c));
    return out;
  }

  BoundSort bind_sort(const SortItem& s, const BoundTree& out) {
    BoundSort bs;
    bs.descending = s.descending;
    if (s.expr.kind == ExprKind::Variable) {
      for (std::size_t i = 0; i < tree_.items.size(); ++i)
        if (tree_.items[i].alias == s.expr.name) {
          bs.expr.column = static_cast<int>(i);
          return bs;
        }
    }
    const std::string text = print_expr(s.expr);
    for (std::size_t i = 0; i < tree_.items.size(); ++i)
      if (print_expr(tree_.items[i].expr) == text) {
        bs.expr.column = static_cast<int>(i);
        return bs;
      }
    if (out.aggregate || out.distinct)
      fail(s.expr.range, std::string("with ") + (out.aggregate ? "count()" : "DISTINCT") +
                             ", ORDER BY takes RETURN columns (an alias or a returned expression)");
    if (contains_aggregate(s.expr)) fail(s.expr.range, "count() in ORDER BY must also be a RETURN column");
    bs.expr = bind_expr(s.expr);
    return bs;
  }

  std::shared_ptr<const SyntaxTree> syntax_;
  const SyntaxTree& tree_;
  const Ontology& ontology_;
  std::vector<SlotKind> slots_;
  std::map<std::string, int, std::less<>> variables_;
};

}  // namespace

BoundTree bind_tree(std::shared_ptr<const SyntaxTree> syntax, const Ontology& ontology) {
  return Binder(std::move(syntax), ontology).bind();
}

}  // namespace newsgraph::graph::query
