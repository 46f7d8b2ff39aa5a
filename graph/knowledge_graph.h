#pragma once
// KnowledgeGraph: the merged graph of many articles. One vertex per real-world entity (by Entity::id),
// one edge per (subject, relation, object), each edge carrying every statement that asserts it, each
// statement carrying every evidence sentence. Held in a Boost.Graph bidirectional adjacency_list behind
// this header (see graph/detail/store.h for code inside the graph library that runs Boost algorithms).
//
//   graph::KnowledgeGraph g;
//   g.add(extractor.extract(document));      // merge one article's entities and statements
//   for (const auto* e : g.entities()) ...   // sorted by id: output never depends on input order
//
// Merging is commutative and associative: adding the same documents in any order, or merging graphs
// built from any split of them, gives an equal graph. Not thread-safe for concurrent writers; const
// access from several threads is safe.

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "graph/model.h"

namespace newsgraph::graph {

namespace detail {
struct Store;
}

// An edge of the graph: every statement of one (subject, relation, object), in StatementKey order.
struct Relationship {
  std::string_view subject;
  std::string_view relation;
  std::string_view object;
  std::vector<const Statement*> statements;

  std::size_t evidence_count() const;
  bool has_positive() const;     // at least one positive statement: exporters draw a direct edge
  bool only_reported_or_negative() const;
};

class KnowledgeGraph {
 public:
  using VertexId = std::size_t;
  using EdgeId = std::size_t;

  KnowledgeGraph();
  ~KnowledgeGraph();
  KnowledgeGraph(KnowledgeGraph&&) noexcept;
  KnowledgeGraph& operator=(KnowledgeGraph&&) noexcept;
  // Copying duplicates every entity, statement and index: make it explicit.
  KnowledgeGraph(const KnowledgeGraph&) = delete;
  KnowledgeGraph& operator=(const KnowledgeGraph&) = delete;
  KnowledgeGraph clone() const;

  // Merging. Entities merge by id (names, aliases and mentions united); statements by StatementKey
  // (evidence united, strongest modality and highest confidence kept); documents by id.
  // The && overloads move mentions, aliases and evidence out of their argument instead of copying them.
  void add(const DocumentGraph& document_graph);
  void add(DocumentGraph&& document_graph);
  void add_document(const Document& document);
  void add_entity(const Entity& entity);
  void add_entity(Entity&& entity);
  // Requires both ends to have been added; throws std::invalid_argument naming the missing entity.
  void add_statement(const Statement& statement);
  void add_statement(Statement&& statement);
  void merge(const KnowledgeGraph& other);

  // Lookups and sorted listings (by id, by StatementKey). Pointers stay valid until the next change.
  std::vector<const Document*> documents() const;
  const Document* document(std::string_view id) const;
  std::vector<const Entity*> entities() const;
  const Entity* entity(std::string_view id) const;
  std::vector<const Statement*> statements() const;
  std::vector<Relationship> relationships() const;
  // statements() of a graph whose relationships() the caller already holds, without listing them again:
  // `relationships` must be that list, in its order.
  static std::vector<const Statement*> statements_of(const std::vector<Relationship>& relationships);

  std::size_t document_count() const;
  std::size_t entity_count() const;
  std::size_t statement_count() const;
  std::size_t relationship_count() const;

  // Vertex-level access for algorithms (queries, renderers). Ids are dense [0, entity_count()) but
  // depend on insertion order; never export them.
  std::optional<VertexId> vertex(std::string_view entity_id) const;
  const Entity& entity_at(VertexId vertex) const;
  std::vector<Relationship> out_relationships(VertexId vertex) const;
  std::vector<Relationship> in_relationships(VertexId vertex) const;
  std::size_t degree(VertexId vertex) const;  // in + out edges

  // Inside the graph library only (query evaluation runs Boost algorithms on it).
  const detail::Store& store() const { return *store_; }

 private:
  template <typename Graph>
  void add_from(Graph&& document_graph);  // Graph: const DocumentGraph& or DocumentGraph
  // `after_all`: the document of all the entity's mentions (of the statement) when it sorts after every
  // document the graph had before (see add_from), else null.
  template <typename From>
  void add_entity_from(From&& entity, const InternedString* after_all);  // From: const Entity& or Entity
  template <typename From>
  void add_statement_from(From&& statement, const InternedString* after_all);
  std::unique_ptr<detail::Store> store_;
};

}  // namespace newsgraph::graph
