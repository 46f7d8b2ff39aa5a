#pragma once
// The query language: a read-only subset of Cypher (the language of Neo4j and Kùzu) over a
// graph::KnowledgeGraph. docs/query.md holds the grammar, the semantics and examples.
//
//   auto q = graph::query::Query::parse("MATCH (a:Person)-[r:demands]->(b {id: 'coalition'}) "
//                                       "RETURN a.name AS who, r.confidence ORDER BY who");
//   auto result = q.bind().evaluate(graph);              // or graph::query::run(text, graph)
//   std::cout << graph::query::format_table(result);
//
// Phases, each in its own file: lexer.cpp (tokens with byte ranges) → parser.cpp (syntax tree) →
// binder.cpp (labels, relations and properties checked against the ontology, variables resolved) →
// evaluator.cpp (pattern matching over the Boost.Graph store). Every phase reports bad input as
// graph::InputError at `query:line:col` with the offending fragment quoted; none of them crashes on
// any input. A Query and a BoundQuery are immutable values: safe to share across threads.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "graph/knowledge_graph.h"
#include "graph/ontology.h"

namespace newsgraph::graph::query {

struct SyntaxTree;  // graph/query/syntax.h (internal)
struct BoundTree;   // graph/query/binder.h (internal)

// A value of a result cell or an expression: null, boolean, integer, floating point or UTF-8 string.
using Value = std::variant<std::monostate, bool, std::int64_t, double, std::string>;

// The rows of a query, with the entities and relationships its matches used (for subgraph output).
struct ResultSet {
  std::vector<std::string> columns;             // RETURN column names, in order (alias or text)
  std::vector<std::vector<Value>> rows;
  // Only with EvaluateOptions::collect_subgraph:
  std::vector<std::string> matched_entities;     // Entity ids, sorted, unique
  // (subject, relation, object) of every matched relationship, sorted, unique.
  std::vector<std::tuple<std::string, std::string, std::string>> matched_relationships;
};

class BoundQuery;

struct EvaluateOptions {
  // Also list the entities and relationships the rows used (ResultSet::matched_*), e.g. to draw them.
  bool collect_subgraph = false;
};

// A parsed query: the syntax tree with byte ranges into the query text.
class Query {
 public:
  // Parses `text`; throws graph::InputError at `path:line:col` on a syntax error.
  static Query parse(std::string_view text, std::string_view path = "query");

  // One-line canonical dump of the syntax tree, e.g.
  // (query (match (path (node a Person) (rel - demands ->) (node b))) (return (item (prop a id))))
  std::string dump() const;
  // Canonical query text; parse(print()).dump() == dump().
  std::string print() const;
  // Checks labels, relations, properties and variables against `ontology`; throws graph::InputError
  // (with a "did you mean" suggestion for a misspelt label, relation or property).
  BoundQuery bind(const Ontology& ontology = Ontology::builtin()) const;

  const std::string& text() const;
  const std::string& path() const;

 private:
  std::shared_ptr<const SyntaxTree> tree_;
  friend class BoundQuery;
};

// A query checked against an ontology, ready to run on any graph.
class BoundQuery {
 public:
  // Runs the query. Never modifies the graph, never throws for bad input: everything the user can get
  // wrong was checked by parse and bind (a comparison of incomparable values is null, not an error).
  ResultSet evaluate(const KnowledgeGraph& graph, EvaluateOptions options = {}) const;
  const std::vector<std::string>& columns() const;

 private:
  std::shared_ptr<const BoundTree> bound_;
  friend class Query;
};

// The entities and relationships (with all their statements and documents) that the rows of `result`
// used; `result` must come from evaluate(graph, {.collect_subgraph = true}) on this same graph.
// `newsgraph query --format dot` draws it.
KnowledgeGraph subgraph_of(const KnowledgeGraph& graph, const ResultSet& result);

// parse → bind (builtin ontology) → evaluate.
ResultSet run(std::string_view text, const KnowledgeGraph& graph, std::string_view path = "query");

// Renderings of a result. Table: aligned columns (widths in code points) and a row count line;
// JSON: an array with one object per row, keys being the columns in order; CSV: RFC 4180 with a header.
std::string format_table(const ResultSet& result);
std::string format_json(const ResultSet& result);
std::string format_csv(const ResultSet& result);
// A cell as text: null is "", strings as is, numbers in shortest round-trip form.
std::string to_text(const Value& value);

// Arabic folding used by string comparisons: NFKC, then alef forms (أ إ آ ٱ) → ا, ى → ي, ة → ه,
// Arabic-Indic digits → ASCII, and harakat (U+064B–U+065F, U+0670), tatweel (U+0640) and invisible
// format characters removed. Mirrors the Arabic rules of extract/lexicons/folding.json, which the graph
// library cannot depend on (Latin letters keep their case). Idempotent.
std::string fold(std::string_view text);

}  // namespace newsgraph::graph::query
