#pragma once
// The Boost.Graph storage behind KnowledgeGraph, and the flat columns kept beside it. Internal to the
// graph library (and its tests): nothing else includes this header.
//
// The adjacency_list owns the data (entities, statements). Beside it, KnowledgeGraph keeps flat arrays
// that the query evaluator scans instead of chasing Boost's heap nodes: per edge (dense EdgeIndex in
// insertion order) its ends, its relation and the summaries of its statements that the query language
// reads as edge properties; per vertex its type, id and names (with their foldings) and the lists of its out- and
// in-edges (with their other ends and relations); per relation the list of its edges. Every change to the graph (KnowledgeGraph::add_*,
// merge) updates them in the same call, so they are always consistent with the statements
// (tests/graph/store_columns_test.cpp checks this after random additions and merges).

#include <boost/graph/adjacency_list.hpp>
#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/model.h"

namespace newsgraph::graph::detail {

using EdgeIndex = std::uint32_t;
using VertexIndex = std::uint32_t;
using RelationId = std::uint16_t;
using StringId = std::uint32_t;

struct VertexProperties {
  Entity entity;
};

struct EdgeProperties {
  std::string relation;
  // Every statement of this (subject, relation, object), ordered by (document, polarity). Never empty.
  std::vector<Statement> statements;
  EdgeIndex index = 0;  // row of this edge in EdgeColumns
};

using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                         VertexProperties, EdgeProperties>;
using Vertex = BoostGraph::vertex_descriptor;
using Edge = BoostGraph::edge_descriptor;

// Distinct strings stored once (edge dates and documents: few distinct values over many edges), each
// with its query folding, so that a column of ids compares without allocating.
class StringPool {
 public:
  StringPool() { intern(""); }  // id 0: the empty string, a new edge's date and document
  StringId intern(std::string_view text);
  std::string_view text(StringId id) const { return text_[id]; }
  std::string_view folded(StringId id) const { return folded_[id]; }
  std::size_t size() const { return text_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::vector<std::string> text_, folded_;
  std::unordered_map<std::string, StringId, Hash, std::equal_to<>> ids_;  // looked up by view
};

// One string per vertex and its query folding, all in one buffer, so that scanning a column reads
// memory in order instead of one heap block per string. Changing a row appends its new text (the
// old bytes stay unused: entities rarely change names).
class TextColumn {
 public:
  void set(std::size_t row, std::string_view text);  // row == size() appends a row
  std::string_view text(std::size_t row) const { return view(rows_[row].offset, rows_[row].size); }
  std::string_view folded(std::size_t row) const { return view(rows_[row].folded_offset, rows_[row].folded_size); }
  std::size_t size() const { return rows_.size(); }

 private:
  struct Row {
    std::uint64_t offset = 0, folded_offset = 0;
    std::uint32_t size = 0, folded_size = 0;
  };
  std::string_view view(std::uint64_t offset, std::uint32_t size) const {
    return std::string_view(bytes_).substr(static_cast<std::size_t>(offset), size);
  }
  std::string bytes_;
  std::vector<Row> rows_;
};

// One row per edge. The summaries are the edge properties of the query language (docs/query.md), the
// same the Kùzu export writes: polarity positive when any statement is, the strongest modality, the
// highest confidence, the date and document of the first statement, the evidence sentences counted.
struct EdgeColumns {
  std::vector<VertexIndex> source, target;
  std::vector<RelationId> relation;
  std::vector<double> confidence;
  std::vector<Modality> modality;
  std::vector<std::uint8_t> positive;
  std::vector<std::uint32_t> evidence;
  std::vector<StringId> date, document;     // StringPool ids
  std::vector<EdgeProperties*> properties;  // the statements themselves (Boost list nodes never move)

  std::size_t size() const { return source.size(); }
};

// An edge as seen from one of its ends: everything a typed step needs without touching the edge's
// row, so walking a vertex's list reads one contiguous block.
struct Adjacent {
  EdgeIndex edge;
  VertexIndex other;  // the target of an out-edge, the source of an in-edge
  RelationId relation;
};

// An edge in its relation's list: its ends inline, so that scanning a relation reads one contiguous
// block (only the properties a query tests are read from the edge's row).
struct RelationEdge {
  EdgeIndex edge;
  VertexIndex source, target;
};

// One row per vertex (VertexIndex == Boost vertex descriptor).
struct VertexColumns {
  std::vector<EntityType> type;
  std::size_t count_of_type[4] = {0, 0, 0, 0};             // by EntityType
  TextColumn id, name, name_en;                          // Entity::id, name_ar, name_en
  std::vector<std::vector<Adjacent>> out, in;            // in insertion order, like Boost's lists
};

// An edge's identity: (subject, relation, object), with the relation by its RelationId, so that finding
// an edge hashes three integers and compares no text.
struct EdgeKey {
  VertexIndex source, target;
  RelationId relation;
  bool operator==(const EdgeKey&) const = default;
};
// Every bit of the key reaches the low bits, which pick an EdgeTable slot: MurmurHash3's 64-bit finaliser
// (fmix64). A bare multiplication carries a bit only upwards, so its low bits would depend on the target
// alone, and all edges into one entity would crowd into one run of slots.
struct EdgeKeyHash {
  std::size_t operator()(const EdgeKey& k) const noexcept {
    std::uint64_t h = ((std::uint64_t{k.source} << 32) | k.target) ^ (std::uint64_t{k.relation} * 0x9E3779B97F4A7C15ULL);
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    h ^= h >> 33;
    return static_cast<std::size_t>(h);
  }
};

// Open addressing with linear probing, at most half full, in one array of slots (a power of two of them):
// the store's lookup tables, from which nothing is ever removed. A default `Slot` is an empty one; a slot
// says whether it is empty (`empty()`) and the hash that places it (`hash()`).
template <typename Slot>
class ProbingTable {
 public:
  // The first slot from `hash`'s home on for which `matches(slot)` holds; nullptr when an empty slot
  // comes first.
  template <typename Matches>
  const Slot* find(std::size_t hash, Matches&& matches) const {
    if (slots_.empty()) return nullptr;
    for (std::size_t i = hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      const Slot& slot = slots_[i];
      if (slot.empty()) return nullptr;
      if (matches(slot)) return &slot;
    }
  }
  // Adds `slot`, whose key is not in the table yet.
  void insert(const Slot& slot) {
    if (2 * (size_ + 1) > slots_.size()) {
      std::vector<Slot> old(std::max<std::size_t>(16, 2 * slots_.size()));
      old.swap(slots_);
      for (const Slot& kept : old)
        if (!kept.empty()) place(kept);
    }
    place(slot);
    ++size_;
  }
  std::size_t size() const { return size_; }

 private:
  void place(const Slot& slot) {
    std::size_t i = slot.hash() & (slots_.size() - 1);
    while (!slots_[i].empty()) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = slot;
  }
  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

// The edge of each (subject, relation, object), by EdgeIndex, in 16-byte slots. A merge looks up every
// statement here; std::unordered_map's walk of a bucket's heap nodes missed the cache at nearly every step.
class EdgeTable {
 public:
  static constexpr EdgeIndex kNone = std::numeric_limits<EdgeIndex>::max();
  // The edge of `key`, or kNone.
  EdgeIndex find(const EdgeKey& key) const {
    const Slot* slot = slots_.find(EdgeKeyHash{}(key), [&](const Slot& s) { return s.key == key; });
    return slot ? slot->index : kNone;
  }
  // Adds `key`, which is not in the table yet, for edge `index`.
  void insert(const EdgeKey& key, EdgeIndex index) { slots_.insert({key, index}); }
  std::size_t size() const { return slots_.size(); }

 private:
  struct Slot {
    EdgeKey key{};
    EdgeIndex index = kNone;
    bool empty() const { return index == kNone; }
    std::size_t hash() const { return EdgeKeyHash{}(key); }
  };
  ProbingTable<Slot> slots_;
};

// The vertex of each entity id, in 16-byte (hash, vertex) slots. The ids themselves are not copied here:
// a slot whose hash matches is confirmed against the id column, the one copy of every id. A merge looks
// up each entity and both ends of each statement; std::unordered_map<std::string, Vertex> walked a
// bucket, a heap node and, for a long id, the node's heap string, a cache miss at nearly every step.
class VertexTable {
 public:
  static constexpr VertexIndex kNone = std::numeric_limits<VertexIndex>::max();
  // The vertex whose id (in `ids`, by vertex) is `id`, or kNone.
  VertexIndex find(std::string_view id, const TextColumn& ids) const {
    const std::size_t h = hash_of(id);
    const Slot* slot = slots_.find(h, [&](const Slot& s) { return s.id_hash == h && ids.text(s.vertex) == id; });
    return slot ? slot->vertex : kNone;
  }
  // Adds vertex `v`, whose id `id` is not in the table yet.
  void insert(std::string_view id, VertexIndex v) { slots_.insert({hash_of(id), v}); }
  std::size_t size() const { return slots_.size(); }

 private:
  static std::size_t hash_of(std::string_view id) noexcept { return std::hash<std::string_view>{}(id); }
  struct Slot {
    std::size_t id_hash = 0;
    VertexIndex vertex = kNone;
    bool empty() const { return vertex == kNone; }
    std::size_t hash() const { return id_hash; }
  };
  ProbingTable<Slot> slots_;
};

struct Store {
  BoostGraph graph;
  std::map<std::string, Document, std::less<>> documents;
  VertexTable vertex_by_id;  // see find_vertex()
  // The edge of (subject, relation, object). Hashed, not ordered: nothing walks it in order, and a merge
  // looks up every statement here (a std::map's descent over (vertex, string, vertex) tuples missed the
  // cache once per level).
  EdgeTable edge_by_key;
  std::size_t statement_count = 0;

  // The flat columns (see the top of this file).
  EdgeColumns edges;
  VertexColumns vertices;
  std::vector<std::string> relation_names;                     // by RelationId
  std::unordered_map<std::string, RelationId> relation_ids;
  std::vector<std::vector<RelationEdge>> edges_of_relation;    // by RelationId, in insertion order
  StringPool strings;
  // No mention or statement of the graph is of a document whose id sorts after this one ("" when there
  // are none): KnowledgeGraph::add appends an article that sorts after it without comparing ids.
  InternedString newest_document;
  void note_document(const InternedString& document) {
    if (newest_document < document) newest_document = document;
  }

  // The RelationId of `name`, or -1 when no edge of the graph has that relation.
  int find_relation(std::string_view name) const;
  // The vertex of entity `id`, or VertexTable::kNone.
  VertexIndex find_vertex(std::string_view id) const { return vertex_by_id.find(id, vertices.id); }
  // Keep the columns in step with the Boost graph: after adding a vertex, after changing an entity,
  // after adding an edge, after changing an edge's statements.
  void vertex_added(Vertex v);
  void entity_changed(Vertex v);
  EdgeIndex edge_added(Edge e);
  // After statement `s` of edge i was added or merged into, gaining `evidence_added` evidences; `first`
  // when it is the edge's first statement now (whose date and document the columns show).
  void statement_grew(EdgeIndex i, const Statement& s, std::size_t evidence_added, bool first);
};

}  // namespace newsgraph::graph::detail
