// The canonical tree dump (for tests) and the pretty-printer (canonical query text) of a SyntaxTree.
#include <array>
#include <charconv>
#include <cmath>
#include <string>

#include "graph/query/syntax.h"

namespace newsgraph::graph::query {
namespace {

bool is_simple_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  static constexpr std::array<std::string_view, 26> kReserved = {
      "MATCH", "WHERE", "RETURN", "DISTINCT", "AND", "OR", "NOT", "CONTAINS", "STARTS", "ENDS",
      "WITH", "IN", "IS", "NULL", "TRUE", "FALSE", "ORDER", "BY", "ASC", "DESC", "ASCENDING",
      "DESCENDING", "SKIP", "LIMIT", "AS", "SHORTESTPATH"};
  std::string upper;
  for (char c : name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (auto k : kReserved)
    if (upper == k) return false;
  return true;
}

std::string name_text(std::string_view name) {
  return is_simple_name(name) ? std::string(name) : "`" + std::string(name) + "`";
}

std::string quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    switch (c) {
      case '\'': out += "\\'"; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  return out + "'";
}

std::string number_text(double d) {
  char buf[64];
  const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, d);
  std::string s(buf, ec == std::errc() ? ptr : buf);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

std::string literal_text(const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return "null";
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return number_text(*d);
  return quote(std::get<std::string>(v));
}

std::string_view op_text(CompareOp op) {
  switch (op) {
    case CompareOp::Eq: return "=";
    case CompareOp::Ne: return "<>";
    case CompareOp::Lt: return "<";
    case CompareOp::Le: return "<=";
    case CompareOp::Gt: return ">";
    case CompareOp::Ge: return ">=";
  }
  return "=";
}

// ---- dump ----

void dump_expr(const Expr& e, std::string& out) {
  auto kids = [&](std::string_view head) {
    out += "(";
    out += head;
    for (const auto& c : e.children) {
      out += " ";
      dump_expr(c, out);
    }
    out += ")";
  };
  switch (e.kind) {
    case ExprKind::Literal: out += literal_text(e.value); return;
    case ExprKind::List: kids("list"); return;
    case ExprKind::Variable: out += "(var " + e.name + ")"; return;
    case ExprKind::Property: out += "(prop " + e.name + " " + e.key + ")"; return;
    case ExprKind::Not: kids("not"); return;
    case ExprKind::And: kids("and"); return;
    case ExprKind::Or: kids("or"); return;
    case ExprKind::Compare: kids(op_text(e.op)); return;
    case ExprKind::Contains: kids("contains"); return;
    case ExprKind::StartsWith: kids("starts-with"); return;
    case ExprKind::EndsWith: kids("ends-with"); return;
    case ExprKind::In: kids("in"); return;
    case ExprKind::IsNull: kids(e.negated ? "is-not-null" : "is-null"); return;
    case ExprKind::Negate: kids("neg"); return;
    case ExprKind::CountStar: out += "(count *)"; return;
    case ExprKind::Count: kids(e.distinct ? "count distinct" : "count"); return;
    case ExprKind::Length: kids("length"); return;
  }
}

void dump_properties(const std::vector<PropertyEntry>& props, std::string& out) {
  if (props.empty()) return;
  out += " {";
  for (std::size_t i = 0; i < props.size(); ++i) {
    if (i) out += ", ";
    out += props[i].key + "=";
    dump_expr(props[i].value, out);
  }
  out += "}";
}

std::string hops_text(const RelPattern& r) {
  std::string s = "*";
  if (r.min_hops) s += std::to_string(*r.min_hops);
  if (!(r.min_hops && r.max_hops && *r.min_hops == *r.max_hops)) {
    s += "..";
    if (r.max_hops) s += std::to_string(*r.max_hops);
  }
  return s;
}

// ---- print ----

int precedence(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Or: return 1;
    case ExprKind::And: return 2;
    case ExprKind::Not: return 3;
    case ExprKind::Compare: case ExprKind::Contains: case ExprKind::StartsWith: case ExprKind::EndsWith:
    case ExprKind::In: case ExprKind::IsNull: return 4;
    case ExprKind::Negate: return 5;
    default: return 6;
  }
}

void print_expr_to(const Expr& e, std::string& out);

void print_child(const Expr& child, int min_precedence, std::string& out) {
  const bool parens = precedence(child) < min_precedence;
  if (parens) out += "(";
  print_expr_to(child, out);
  if (parens) out += ")";
}

void print_expr_to(const Expr& e, std::string& out) {
  auto binary = [&](std::string_view op, int left_min, int right_min) {
    print_child(e.children[0], left_min, out);
    out += " ";
    out += op;
    out += " ";
    print_child(e.children[1], right_min, out);
  };
  switch (e.kind) {
    case ExprKind::Literal: out += literal_text(e.value); return;
    case ExprKind::List:
      out += "[";
      for (std::size_t i = 0; i < e.children.size(); ++i) {
        if (i) out += ", ";
        print_expr_to(e.children[i], out);
      }
      out += "]";
      return;
    case ExprKind::Variable: out += name_text(e.name); return;
    case ExprKind::Property: out += name_text(e.name) + "." + name_text(e.key); return;
    case ExprKind::Not: out += "NOT "; print_child(e.children[0], 3, out); return;
    case ExprKind::And: binary("AND", 2, 3); return;
    case ExprKind::Or: binary("OR", 1, 2); return;
    case ExprKind::Compare: binary(op_text(e.op), 5, 5); return;
    case ExprKind::Contains: binary("CONTAINS", 5, 5); return;
    case ExprKind::StartsWith: binary("STARTS WITH", 5, 5); return;
    case ExprKind::EndsWith: binary("ENDS WITH", 5, 5); return;
    case ExprKind::In: binary("IN", 5, 5); return;
    case ExprKind::IsNull:
      print_child(e.children[0], 5, out);
      out += e.negated ? " IS NOT NULL" : " IS NULL";
      return;
    case ExprKind::Negate: out += "-"; print_child(e.children[0], 5, out); return;
    case ExprKind::CountStar: out += "count(*)"; return;
    case ExprKind::Count:
      out += e.distinct ? "count(DISTINCT " : "count(";
      print_expr_to(e.children[0], out);
      out += ")";
      return;
    case ExprKind::Length:
      out += "length(";
      print_expr_to(e.children[0], out);
      out += ")";
      return;
  }
}

void print_properties(const std::vector<PropertyEntry>& props, std::string& out) {
  if (props.empty()) return;
  out += " {";
  for (std::size_t i = 0; i < props.size(); ++i) {
    if (i) out += ", ";
    out += name_text(props[i].key) + ": ";
    print_expr_to(props[i].value, out);
  }
  out += "}";
}

void print_node(const NodePattern& n, std::string& out) {
  out += "(" + (n.variable.empty() ? "" : name_text(n.variable));
  if (!n.label.empty()) out += ":" + name_text(n.label);
  std::string props;
  print_properties(n.properties, props);
  if (n.variable.empty() && n.label.empty() && !props.empty()) props.erase(0, 1);
  out += props + ")";
}

void print_rel(const RelPattern& r, std::string& out) {
  out += r.direction == Direction::Left ? "<-" : "-";
  const bool detail = !r.variable.empty() || !r.types.empty() || r.variable_length || !r.properties.empty();
  if (detail) {
    std::string inner = r.variable.empty() ? "" : name_text(r.variable);
    for (std::size_t i = 0; i < r.types.size(); ++i) inner += (i ? "|" : ":") + name_text(r.types[i]);
    if (r.variable_length) inner += hops_text(r);
    std::string props;
    print_properties(r.properties, props);
    if (inner.empty() && !props.empty()) props.erase(0, 1);
    out += "[" + inner + props + "]";
  }
  out += r.direction == Direction::Right ? "->" : "-";
}

}  // namespace

std::string print_expr(const Expr& expr) {
  std::string out;
  print_expr_to(expr, out);
  return out;
}

std::string dump_tree(const SyntaxTree& t) {
  std::string out = "(query (match";
  for (const auto& p : t.patterns) {
    out += p.shortest ? " (shortest" : " (path";
    if (!p.variable.empty()) out += " " + p.variable;
    for (std::size_t i = 0; i < p.nodes.size(); ++i) {
      const auto& n = p.nodes[i];
      out += " (node";
      if (!n.variable.empty()) out += " " + n.variable;
      if (!n.label.empty()) out += " :" + n.label;
      dump_properties(n.properties, out);
      out += ")";
      if (i < p.rels.size()) {
        const auto& r = p.rels[i];
        out += " (rel";
        if (!r.variable.empty()) out += " " + r.variable;
        out += r.direction == Direction::Right ? " ->" : r.direction == Direction::Left ? " <-" : " --";
        for (std::size_t k = 0; k < r.types.size(); ++k) out += (k ? "|" : " :") + r.types[k];
        if (r.variable_length) out += " " + hops_text(r);
        dump_properties(r.properties, out);
        out += ")";
      }
    }
    out += ")";
  }
  out += ")";
  if (t.where) {
    out += " (where ";
    dump_expr(*t.where, out);
    out += ")";
  }
  out += t.distinct ? " (return distinct" : " (return";
  for (const auto& item : t.items) {
    out += " (item ";
    dump_expr(item.expr, out);
    if (!item.alias.empty()) out += " as " + item.alias;
    out += ")";
  }
  out += ")";
  if (!t.order.empty()) {
    out += " (order";
    for (const auto& s : t.order) {
      out += s.descending ? " (desc " : " (asc ";
      dump_expr(s.expr, out);
      out += ")";
    }
    out += ")";
  }
  if (t.skip) out += " (skip " + literal_text(t.skip->value) + ")";
  if (t.limit) out += " (limit " + literal_text(t.limit->value) + ")";
  return out + ")";
}

std::string print_tree(const SyntaxTree& t) {
  std::string out = "MATCH ";
  for (std::size_t i = 0; i < t.patterns.size(); ++i) {
    const auto& p = t.patterns[i];
    if (i) out += ", ";
    if (!p.variable.empty()) out += name_text(p.variable) + " = ";
    if (p.shortest) out += "shortestPath(";
    for (std::size_t k = 0; k < p.nodes.size(); ++k) {
      print_node(p.nodes[k], out);
      if (k < p.rels.size()) print_rel(p.rels[k], out);
    }
    if (p.shortest) out += ")";
  }
  if (t.where) out += " WHERE " + print_expr(*t.where);
  out += t.distinct ? " RETURN DISTINCT " : " RETURN ";
  for (std::size_t i = 0; i < t.items.size(); ++i) {
    if (i) out += ", ";
    out += print_expr(t.items[i].expr);
    if (!t.items[i].alias.empty()) out += " AS " + name_text(t.items[i].alias);
  }
  if (!t.order.empty()) {
    out += " ORDER BY ";
    for (std::size_t i = 0; i < t.order.size(); ++i) {
      if (i) out += ", ";
      out += print_expr(t.order[i].expr);
      if (t.order[i].descending) out += " DESC";
    }
  }
  if (t.skip) out += " SKIP " + literal_text(t.skip->value);
  if (t.limit) out += " LIMIT " + literal_text(t.limit->value);
  return out;
}

}  // namespace newsgraph::graph::query
