#pragma once
// The bound form of a query, internal to graph/query: variables resolved to slots, labels and relation
// names checked against the ontology, properties resolved to enums, ORDER BY resolved to RETURN
// columns where it names one. Produced by bind_tree (binder.cpp), run by evaluate_tree (evaluator.cpp).
//
//   BoundTree b = bind_tree(syntax, Ontology::builtin());   // throws InputError on unknown names
//   ResultSet r = evaluate_tree(b, graph);

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "graph/model.h"
#include "graph/query/syntax.h"

namespace newsgraph::graph::query {

enum class SlotKind : std::uint8_t { Node, Edge, EdgeList, Path };

enum class NodeProperty : std::uint8_t { Id, Type, Name, NameEn };
enum class EdgeProperty : std::uint8_t { Relation, Polarity, Modality, Confidence, Date, Document, Evidence };

struct BoundExpr {
  ExprKind kind = ExprKind::Literal;
  Value value;            // Literal
  std::string folded;     // Literal strings, folded once
  int slot = -1;          // Variable, Property, Length
  SlotKind slot_kind = SlotKind::Node;
  int property = -1;      // NodeProperty or EdgeProperty
  CompareOp op = CompareOp::Eq;
  bool distinct = false;
  bool negated = false;
  int column = -1;        // ORDER BY: index of the RETURN column it names
  std::vector<BoundExpr> children;
};

// A property map entry: property (NodeProperty or EdgeProperty) = literal.
struct BoundPropertyTest {
  int property = 0;
  Value value;
  std::string folded;
};

struct BoundNode {
  int slot = 0;
  std::optional<EntityType> label;
  std::vector<BoundPropertyTest> properties;
};

struct BoundRel {
  int slot = 0;
  std::vector<std::string> types;  // empty: any relation
  Direction direction = Direction::Both;
  bool variable_length = false;
  std::uint32_t min_hops = 1;
  std::uint32_t max_hops = 1;
  std::vector<BoundPropertyTest> properties;
};

struct BoundPath {
  int slot = -1;  // path variable, or -1
  bool shortest = false;
  std::vector<BoundNode> nodes;
  std::vector<BoundRel> rels;
};

struct BoundSort {
  BoundExpr expr;  // expr.column >= 0: sort by that RETURN column
  bool descending = false;
};

struct BoundTree {
  std::shared_ptr<const SyntaxTree> syntax;
  std::vector<SlotKind> slots;
  std::vector<BoundPath> paths;
  std::optional<BoundExpr> where;
  bool distinct = false;
  bool aggregate = false;  // some RETURN item is count(...)
  std::vector<BoundExpr> items;
  std::vector<std::string> columns;
  std::vector<BoundSort> order;
  std::int64_t skip = 0;
  std::optional<std::int64_t> limit;
};

// Default upper bound of `*` and `*n..` (Kùzu's default too).
inline constexpr std::uint32_t kDefaultMaxHops = 30;

BoundTree bind_tree(std::shared_ptr<const SyntaxTree> syntax, const Ontology& ontology);
ResultSet evaluate_tree(const BoundTree& tree, const KnowledgeGraph& graph, bool collect_subgraph);

}  // namespace newsgraph::graph::query
