#pragma once
// The syntax tree of a query, internal to graph/query. Every node keeps the byte range of the text it
// was parsed from, so that the binder can point at it. Value semantics throughout.
//
//   auto tree = parse_tree("MATCH (a) RETURN a.id", "query");   // parser.cpp
//   tree.patterns[0].nodes[0].variable == "a"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "graph/query/query.h"

namespace newsgraph::graph::query {

// Half-open byte range [begin, end) into the query text.
struct Range {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

enum class ExprKind : std::uint8_t {
  Literal,     // value
  List,        // children: the elements
  Variable,    // name
  Property,    // name = variable, key = property
  Not,         // children[0]
  And,         // children[0], children[1]
  Or,
  Compare,     // op, children[0], children[1]
  Contains,
  StartsWith,
  EndsWith,
  In,          // children[0] IN children[1] (a List)
  IsNull,      // children[0]; negated = IS NOT NULL
  Negate,      // unary minus on a number
  CountStar,   // count(*)
  Count,       // count([DISTINCT] children[0])
  Length,      // length(children[0]): hops of a path or variable-length relationship
};

enum class CompareOp : std::uint8_t { Eq, Ne, Lt, Le, Gt, Ge };

struct Expr {
  ExprKind kind = ExprKind::Literal;
  Range range;
  Value value;
  std::string name;  // variable
  std::string key;   // property key
  Range key_range;
  CompareOp op = CompareOp::Eq;
  bool distinct = false;  // count(DISTINCT x)
  bool negated = false;   // IS NOT NULL
  std::vector<Expr> children;
};

struct PropertyEntry {
  std::string key;
  Range key_range;
  Expr value;  // a literal (possibly negated number)
};

struct NodePattern {
  Range range;
  std::string variable;  // "" when anonymous
  std::string label;     // "" when none
  Range label_range;
  std::vector<PropertyEntry> properties;
};

enum class Direction : std::uint8_t { Right, Left, Both };  // -> , <- , -

struct RelPattern {
  Range range;
  std::string variable;
  std::vector<std::string> types;  // alternatives; empty = any relation
  std::vector<Range> type_ranges;
  Direction direction = Direction::Both;
  bool variable_length = false;
  std::optional<std::uint32_t> min_hops;  // as written
  std::optional<std::uint32_t> max_hops;
  std::vector<PropertyEntry> properties;
};

struct PathPattern {
  Range range;
  std::string variable;  // p = ...
  bool shortest = false;  // shortestPath(...)
  std::vector<NodePattern> nodes;  // nodes.size() == rels.size() + 1
  std::vector<RelPattern> rels;
};

struct ReturnItem {
  Expr expr;
  std::string alias;  // "" when none
  Range range;
};

struct SortItem {
  Expr expr;
  bool descending = false;
};

struct SyntaxTree {
  std::string path;  // "query" or the file the query came from
  std::string text;
  std::vector<PathPattern> patterns;
  std::optional<Expr> where;
  bool distinct = false;
  std::vector<ReturnItem> items;
  std::vector<SortItem> order;
  std::optional<Expr> skip;   // integer literal
  std::optional<Expr> limit;
};

// parser.cpp. Throws InputError at `path:line:col`.
SyntaxTree parse_tree(std::string_view text, std::string_view path);
// printer.cpp
std::string dump_tree(const SyntaxTree& tree);
std::string print_tree(const SyntaxTree& tree);
std::string print_expr(const Expr& expr);
// Nesting deeper than this (parentheses, NOT chains, lists) is rejected with a clear error.
inline constexpr int kMaxNesting = 64;
// Also capped: AND/OR operators per query, patterns per MATCH and relationships per path.
inline constexpr int kMaxOperators = 1000;
inline constexpr std::size_t kMaxPatterns = 64;

}  // namespace newsgraph::graph::query
