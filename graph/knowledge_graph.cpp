#include "graph/knowledge_graph.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "graph/detail/store.h"
#include "graph/query/query.h"

namespace newsgraph::graph {
namespace {

// Keeps `into` sorted and unique after adding `from` (moved from when it is an rvalue); order of calls
// never matters. Linear in the added elements when they all sort after the existing ones (documents added
// in order), else one linear merge: never a sort of the whole vector, which made building large graphs
// quadratic. `after`: the caller knows that every element of `from` sorts after every one of `into`,
// which then are not compared (see merge_entity).
template <typename T, typename From>
void unite(std::vector<T>& into, From&& from, bool after = false) {
  if (from.empty()) return;
  // A few elements that do not all sort after the existing ones (an entity's names from one more
  // article): each is looked up and inserted in place, not merged through inplace_merge's buffer.
  constexpr std::size_t kFew = 4;
  if (!after && from.size() <= kFew && !into.empty() && !(into.back() < from.front())) {
    for (auto& x : from) {
      const auto at = std::lower_bound(into.begin(), into.end(), x);
      if (at != into.end() && !(x < *at)) continue;
      if constexpr (std::is_rvalue_reference_v<From&&>)
        into.insert(at, std::move(x));
      else
        into.insert(at, x);
    }
    return;
  }
  const auto old_size = static_cast<std::ptrdiff_t>(into.size());
  if constexpr (std::is_rvalue_reference_v<From&&>)
    into.insert(into.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  else
    into.insert(into.end(), from.begin(), from.end());
  const auto mid = into.begin() + old_size;
  if (!std::is_sorted(mid, into.end())) std::sort(mid, into.end());
  if (old_size > 0 && (after || *(mid - 1) < *mid)) {
    into.erase(std::unique(mid - 1, into.end()), into.end());
    return;
  }
  std::inplace_merge(into.begin(), mid, into.end());
  into.erase(std::unique(into.begin(), into.end()), into.end());
}

// A commutative choice between two optional strings: the non-empty one, else the smaller. Whether `into`
// changed.
template <typename Text>  // std::string or InternedString
bool choose(Text& into, const Text& from) {
  if (into.empty() || (!from.empty() && from < into)) {
    if (into == from) return false;
    into = from;
    return true;
  }
  return false;
}

// `From` is const Entity& or Entity&& (a DocumentGraph's, whose mentions and aliases are then moved).
// Whether the type or a name changed (the vertex columns hold them).
template <typename From>
bool merge_entity(Entity& into, From&& from, const InternedString* newest) {
  bool changed = false;
  // The type of the more confident source wins; on a tie, the smaller enum value (commutative).
  if (from.confidence > into.confidence || (from.confidence == into.confidence && from.type < into.type)) {
    changed = into.type != from.type;
    into.type = from.type;
  }
  changed |= choose(into.name_ar, from.name_ar);
  changed |= choose(into.name_en, from.name_en);
  choose(into.wikidata, from.wikidata);
  into.confidence = std::max(into.confidence, from.confidence);
  unite(into.aliases, std::forward<From>(from).aliases);
  // The mentions of the newest document sort after all others (see KnowledgeGraph::add_from), unless the
  // entity has some of that document already: comparing the entity's last mention with them would read
  // an earlier document's id.
  const bool after = newest && (into.mentions.empty() || into.mentions.back().document != *newest);
  unite(into.mentions, std::forward<From>(from).mentions, after);
  return changed;
}

// A member of an object passed as Owner&& (std::forward_like, which GCC 12 lacks): moved from when
// the object is an rvalue, else const.
template <typename Owner, typename T>
decltype(auto) forward_member(T& member) {
  if constexpr (std::is_lvalue_reference_v<Owner>)
    return static_cast<const T&>(member);
  else
    return std::move(member);
}

// Whether every mention and statement of `dg` is of the document `document`.
bool only_of(const DocumentGraph& dg, const InternedString& document) {
  for (const auto& e : dg.entities)
    for (const auto& m : e.mentions)
      if (m.document != document) return false;
  for (const auto& st : dg.statements)
    if (st.document != document) return false;
  return true;
}

template <typename From>
void merge_statement(Statement& into, From&& from) {
  into.modality = std::min(into.modality, from.modality);
  into.confidence = std::max(into.confidence, from.confidence);
  choose(into.cameo, from.cameo);
  choose(into.role, from.role);
  choose(into.date, from.date);
  if (from.quantity && (!into.quantity || *from.quantity > *into.quantity)) into.quantity = from.quantity;
  unite(into.evidence, std::forward<From>(from).evidence);
}

Entity normalised(Entity e) {
  std::sort(e.aliases.begin(), e.aliases.end());
  e.aliases.erase(std::unique(e.aliases.begin(), e.aliases.end()), e.aliases.end());
  std::sort(e.mentions.begin(), e.mentions.end());
  e.mentions.erase(std::unique(e.mentions.begin(), e.mentions.end()), e.mentions.end());
  return e;
}

Statement normalised(Statement s) {
  std::sort(s.evidence.begin(), s.evidence.end());
  s.evidence.erase(std::unique(s.evidence.begin(), s.evidence.end()), s.evidence.end());
  for (const auto& ev : s.evidence) s.confidence = std::max(s.confidence, ev.confidence);
  return s;
}

// The relationship of the edge `props` from `source` to `target`.
Relationship make_relationship(const detail::Store& store, detail::Vertex source, detail::Vertex target,
                               const detail::EdgeProperties& props) {
  Relationship r{store.graph[source].entity.id, props.relation, store.graph[target].entity.id, {}};
  r.statements.reserve(props.statements.size());
  for (const auto& s : props.statements) r.statements.push_back(&s);
  return r;
}
Relationship make_relationship(const detail::Store& store, detail::Edge e) {
  return make_relationship(store, boost::source(e, store.graph), boost::target(e, store.graph), store.graph[e]);
}

bool relationship_less(const Relationship& a, const Relationship& b) {
  return std::tie(a.subject, a.relation, a.object) < std::tie(b.subject, b.relation, b.object);
}

}  // namespace

std::size_t Relationship::evidence_count() const {
  std::size_t n = 0;
  for (const auto* s : statements) n += s->evidence.size();
  return n;
}

bool Relationship::has_positive() const {
  return std::any_of(statements.begin(), statements.end(),
                     [](const Statement* s) { return s->polarity == Polarity::Positive; });
}

bool Relationship::only_reported_or_negative() const {
  return std::all_of(statements.begin(), statements.end(), [](const Statement* s) {
    return s->polarity == Polarity::Negative || s->modality == Modality::Reported;
  });
}

KnowledgeGraph::KnowledgeGraph() : store_(std::make_unique<detail::Store>()) {}
KnowledgeGraph::~KnowledgeGraph() = default;
KnowledgeGraph::KnowledgeGraph(KnowledgeGraph&&) noexcept = default;
KnowledgeGraph& KnowledgeGraph::operator=(KnowledgeGraph&&) noexcept = default;

KnowledgeGraph KnowledgeGraph::clone() const {
  KnowledgeGraph copy;
  copy.merge(*this);
  return copy;
}

// Articles usually come in the order of their ids (a build reads a sorted list of files): then an
// article's mentions and statements sort after every one the graph has, and go at the end of their
// entity's and edge's lists without comparing document ids. Such a comparison reads two interned texts,
// one of them an earlier article's, long out of the cache: one miss per entity and several per statement
// of every article, a tenth of merging.
template <typename Graph>
void KnowledgeGraph::add_from(Graph&& dg) {
  add_document(dg.document);
  const InternedString document(dg.document.id);
  const bool newest = store_->newest_document < document && only_of(dg, document);
  const InternedString* const after_all = newest ? &document : nullptr;
  // Before adding, so that it holds even when a statement below throws.
  if (newest) store_->newest_document = document;
  for (auto& e : dg.entities) add_entity_from(forward_member<Graph>(e), after_all);
  for (auto& s : dg.statements) add_statement_from(forward_member<Graph>(s), after_all);
}

void KnowledgeGraph::add(const DocumentGraph& dg) { add_from(dg); }
// The same, moving the mentions, aliases and evidence (and new entities and statements whole) instead of
// copying them: each copy of an InternedString is an atomic increment, and the DocumentGraph's own copy
// an atomic decrement when it is destroyed.
void KnowledgeGraph::add(DocumentGraph&& dg) { add_from(std::move(dg)); }

void KnowledgeGraph::add_document(const Document& document) {
  auto [it, inserted] = store_->documents.try_emplace(document.id, document);
  if (!inserted) {
    choose(it->second.date, document.date);
    choose(it->second.headline, document.headline);
  }
}

void KnowledgeGraph::add_entity(const Entity& entity) { add_entity_from(entity, nullptr); }
void KnowledgeGraph::add_entity(Entity&& entity) { add_entity_from(std::move(entity), nullptr); }

template <typename From>
void KnowledgeGraph::add_entity_from(From&& entity, const InternedString* after_all) {
  auto& s = *store_;
  const auto found = s.find_vertex(entity.id);
  detail::Vertex v = found;
  if (found == detail::VertexTable::kNone) {
    v = boost::add_vertex(detail::VertexProperties{normalised(std::forward<From>(entity))}, s.graph);
    s.vertex_added(v);
    s.vertex_by_id.insert(s.vertices.id.text(v), static_cast<detail::VertexIndex>(v));
  } else if (merge_entity(s.graph[found].entity, std::forward<From>(entity), after_all)) {
    s.entity_changed(found);
  }
  const auto& mentions = s.graph[v].entity.mentions;
  if (!after_all && !mentions.empty()) s.note_document(mentions.back().document);
}

void KnowledgeGraph::add_statement(const Statement& statement) { add_statement_from(statement, nullptr); }
void KnowledgeGraph::add_statement(Statement&& statement) { add_statement_from(std::move(statement), nullptr); }

template <typename From>
void KnowledgeGraph::add_statement_from(From&& statement, const InternedString* after_all) {
  auto& s = *store_;
  auto find = [&](const std::string& id) -> detail::Vertex {
    const auto v = s.find_vertex(id);
    if (v == detail::VertexTable::kNone)
      throw std::invalid_argument("statement " + statement.subject + " " + statement.relation + " " +
                                  statement.object + " names an unknown entity '" + id + "'");
    return v;
  };
  const auto from = find(statement.subject), to = find(statement.object);
  // A relation no edge has yet has no RelationId: then the edge is new, and edge_added numbers it.
  const int relation = s.find_relation(statement.relation);
  auto key_of = [&](detail::RelationId id) {
    return detail::EdgeKey{static_cast<detail::VertexIndex>(from), static_cast<detail::VertexIndex>(to), id};
  };
  auto index = relation < 0 ? detail::EdgeTable::kNone : s.edge_by_key.find(key_of(static_cast<detail::RelationId>(relation)));
  if (index == detail::EdgeTable::kNone) {
    auto [e, ok] = boost::add_edge(from, to, detail::EdgeProperties{statement.relation, {}, 0}, s.graph);
    index = s.edge_added(e);
    s.edge_by_key.insert(key_of(s.edges.relation[index]), index);
  }
  auto& props = *s.edges.properties[index];
  auto& list = props.statements;
  auto pos = list.end();
  if (after_all) {
    // Only statements of this same document can follow it: the first of them with its polarity or after.
    while (pos != list.begin() && std::prev(pos)->document == statement.document &&
           !(std::prev(pos)->polarity < statement.polarity))
      --pos;
  } else {
    s.note_document(statement.document);
    pos = std::lower_bound(list.begin(), list.end(), statement, [](const Statement& a, const Statement& b) {
      return std::tie(a.document, a.polarity) < std::tie(b.document, b.polarity);
    });
  }
  std::size_t evidence_added = 0;
  if (pos != list.end() && pos->document == statement.document && pos->polarity == statement.polarity) {
    const auto before = pos->evidence.size();
    merge_statement(*pos, std::forward<From>(statement));
    evidence_added = pos->evidence.size() - before;
  } else {
    pos = list.insert(pos, normalised(std::forward<From>(statement)));
    evidence_added = pos->evidence.size();
    ++s.statement_count;
  }
  s.statement_grew(index, *pos, evidence_added, pos == list.begin());
}

void KnowledgeGraph::merge(const KnowledgeGraph& other) {
  for (const auto* d : other.documents()) add_document(*d);
  for (const auto* e : other.entities()) add_entity(*e);
  for (const auto* st : other.statements()) add_statement(*st);
}

std::vector<const Document*> KnowledgeGraph::documents() const {
  std::vector<const Document*> out;
  for (const auto& [id, d] : store_->documents) out.push_back(&d);
  return out;
}

const Document* KnowledgeGraph::document(std::string_view id) const {
  auto it = store_->documents.find(id);
  return it == store_->documents.end() ? nullptr : &it->second;
}

std::vector<const Entity*> KnowledgeGraph::entities() const {
  std::vector<const Entity*> out;
  for (auto v : boost::make_iterator_range(boost::vertices(store_->graph)))
    out.push_back(&store_->graph[v].entity);
  std::sort(out.begin(), out.end(), [](const Entity* a, const Entity* b) { return a->id < b->id; });
  return out;
}

const Entity* KnowledgeGraph::entity(std::string_view id) const {
  const auto v = store_->find_vertex(id);
  return v == detail::VertexTable::kNone ? nullptr : &store_->graph[v].entity;
}

std::vector<const Statement*> KnowledgeGraph::statements() const { return statements_of(relationships()); }

std::vector<const Statement*> KnowledgeGraph::statements_of(const std::vector<Relationship>& relationships) {
  std::size_t count = 0;
  for (const auto& r : relationships) count += r.statements.size();
  std::vector<const Statement*> out;
  out.reserve(count);
  // That is StatementKey order already, with nothing to compare: relationships() sorts by (subject,
  // relation, object) as text, and every edge keeps its statements sorted by (document, polarity)
  // (add_statement inserts each at its place). Checking it anyway compared four strings per statement,
  // a third of the single-threaded start of writing JSON-LD.
  for (const auto& r : relationships) out.insert(out.end(), r.statements.begin(), r.statements.end());
  return out;
}

// Sorted by (subject id, relation, object id) through ranks: every entity id and relation name is ranked
// once, and the edges are sorted by three integers instead of three strings per comparison (the sort was
// a third of the single-threaded start of writing a large graph's JSON-LD).
std::vector<Relationship> KnowledgeGraph::relationships() const {
  const auto& s = *store_;
  const std::size_t n = boost::num_vertices(s.graph);
  std::vector<std::uint32_t> by_id(n), rank_of_vertex(n);
  std::iota(by_id.begin(), by_id.end(), 0u);
  std::sort(by_id.begin(), by_id.end(),
            [&](std::uint32_t a, std::uint32_t b) { return s.graph[a].entity.id < s.graph[b].entity.id; });
  for (std::uint32_t i = 0; i < n; ++i) rank_of_vertex[by_id[i]] = i;
  std::vector<std::uint32_t> by_name(s.relation_names.size()), rank_of_relation(s.relation_names.size());
  std::iota(by_name.begin(), by_name.end(), 0u);
  std::sort(by_name.begin(), by_name.end(),
            [&](std::uint32_t a, std::uint32_t b) { return s.relation_names[a] < s.relation_names[b]; });
  for (std::uint32_t i = 0; i < by_name.size(); ++i) rank_of_relation[by_name[i]] = i;

  struct Ranked {
    std::uint32_t subject, relation, object;
    detail::EdgeIndex edge;
    auto operator<=>(const Ranked&) const = default;
  };
  std::vector<Ranked> ranked;
  ranked.reserve(s.edges.size());
  for (detail::EdgeIndex i = 0; i < s.edges.size(); ++i)
    ranked.push_back({rank_of_vertex[s.edges.source[i]], rank_of_relation[s.edges.relation[i]],
                      rank_of_vertex[s.edges.target[i]], i});
  std::sort(ranked.begin(), ranked.end());
  std::vector<Relationship> out;
  out.reserve(ranked.size());
  for (const auto& r : ranked)
    out.push_back(make_relationship(s, s.edges.source[r.edge], s.edges.target[r.edge], *s.edges.properties[r.edge]));
  return out;
}

std::size_t KnowledgeGraph::document_count() const { return store_->documents.size(); }
std::size_t KnowledgeGraph::entity_count() const { return boost::num_vertices(store_->graph); }
std::size_t KnowledgeGraph::statement_count() const { return store_->statement_count; }
std::size_t KnowledgeGraph::relationship_count() const { return boost::num_edges(store_->graph); }

std::optional<KnowledgeGraph::VertexId> KnowledgeGraph::vertex(std::string_view entity_id) const {
  const auto v = store_->find_vertex(entity_id);
  if (v == detail::VertexTable::kNone) return std::nullopt;
  return v;
}

const Entity& KnowledgeGraph::entity_at(VertexId vertex) const { return store_->graph[vertex].entity; }

std::vector<Relationship> KnowledgeGraph::out_relationships(VertexId vertex) const {
  std::vector<Relationship> out;
  for (auto e : boost::make_iterator_range(boost::out_edges(vertex, store_->graph)))
    out.push_back(make_relationship(*store_, e));
  std::sort(out.begin(), out.end(), relationship_less);
  return out;
}

std::vector<Relationship> KnowledgeGraph::in_relationships(VertexId vertex) const {
  std::vector<Relationship> out;
  for (auto e : boost::make_iterator_range(boost::in_edges(vertex, store_->graph)))
    out.push_back(make_relationship(*store_, e));
  std::sort(out.begin(), out.end(), relationship_less);
  return out;
}

std::size_t KnowledgeGraph::degree(VertexId vertex) const {
  return boost::out_degree(vertex, store_->graph) + boost::in_degree(vertex, store_->graph);
}

}  // namespace newsgraph::graph

// ---- the flat columns beside the Boost graph (graph/detail/store.h) ----

namespace newsgraph::graph::detail {

StringId StringPool::intern(std::string_view text) {
  if (auto it = ids_.find(text); it != ids_.end()) return it->second;
  const auto id = static_cast<StringId>(text_.size());
  ids_.emplace(std::string(text), id);
  text_.emplace_back(text);
  folded_.push_back(query::fold(text));
  return id;
}

int Store::find_relation(std::string_view name) const {
  auto it = relation_ids.find(std::string(name));
  return it == relation_ids.end() ? -1 : it->second;
}

void Store::vertex_added(Vertex v) {
  if (v >= std::numeric_limits<VertexIndex>::max())
    throw std::length_error("a knowledge graph holds at most 4,294,967,294 entities");
  vertices.type.push_back(graph[v].entity.type);
  ++vertices.count_of_type[static_cast<std::size_t>(vertices.type.back())];
  vertices.out.emplace_back();
  vertices.in.emplace_back();
  entity_changed(v);
}

void Store::entity_changed(Vertex v) {
  const Entity& e = graph[v].entity;
  --vertices.count_of_type[static_cast<std::size_t>(vertices.type[v])];
  ++vertices.count_of_type[static_cast<std::size_t>(e.type)];
  vertices.type[v] = e.type;
  vertices.id.set(v, e.id);
  vertices.name.set(v, e.name_ar);
  vertices.name_en.set(v, e.name_en);
}

void TextColumn::set(std::size_t row, std::string_view text) {
  if (row == rows_.size()) rows_.emplace_back();
  else if (this->text(row) == text) return;
  if (text.size() > std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("a name or id of more than 4 GiB");
  Row& r = rows_[row];
  r.offset = bytes_.size();
  r.size = static_cast<std::uint32_t>(text.size());
  bytes_.append(text);
  const std::string folded = query::fold(text);
  if (folded == text) {
    r.folded_offset = r.offset;
  } else {
    r.folded_offset = bytes_.size();
    bytes_ += folded;
  }
  r.folded_size = static_cast<std::uint32_t>(folded.size());
}

EdgeIndex Store::edge_added(Edge e) {
  if (edges.size() >= std::numeric_limits<EdgeIndex>::max())
    throw std::length_error("a knowledge graph holds at most 4,294,967,294 relationships");
  auto& props = graph[e];
  const auto i = static_cast<EdgeIndex>(edges.size());
  props.index = i;
  auto [rit, inserted] = relation_ids.try_emplace(props.relation, static_cast<RelationId>(relation_names.size()));
  if (inserted) {
    if (relation_names.size() >= std::numeric_limits<RelationId>::max())
      throw std::length_error("a knowledge graph holds at most 65,535 relation types");
    relation_names.push_back(props.relation);
    edges_of_relation.emplace_back();
  }
  const auto s = static_cast<VertexIndex>(boost::source(e, graph)), t = static_cast<VertexIndex>(boost::target(e, graph));
  edges.source.push_back(s);
  edges.target.push_back(t);
  edges.relation.push_back(rit->second);
  // The summaries of no statement yet, which statement_grew() raises (confidence, positive, evidence) and
  // lowers (modality) from the first statement on; date and document come from the first statement.
  edges.confidence.push_back(std::numeric_limits<double>::lowest());
  edges.modality.push_back(Modality::Future);
  edges.positive.push_back(0);
  edges.evidence.push_back(0);
  edges.date.push_back(0);
  edges.document.push_back(0);
  edges.properties.push_back(&props);
  vertices.out[s].push_back({i, t, rit->second});
  vertices.in[t].push_back({i, s, rit->second});
  edges_of_relation[rit->second].push_back({i, s, t});
  return i;
}

// A statement added or merged into can only raise the edge's confidence, positivity and evidence count
// and lower its modality (merge_statement takes the maximum confidence and the minimum modality, and
// only adds evidence): the summaries follow from that statement alone, a new edge's from its first.
// Recomputing them from all the edge's statements at every addition read them all, and an edge gathers
// thousands in a large corpus.
void Store::statement_grew(EdgeIndex i, const Statement& s, std::size_t evidence_added, bool first) {
  edges.confidence[i] = std::max(edges.confidence[i], s.confidence);
  edges.modality[i] = std::min(edges.modality[i], s.modality);
  edges.positive[i] = edges.positive[i] || s.polarity == Polarity::Positive;
  edges.evidence[i] = static_cast<std::uint32_t>(
      std::min<std::size_t>(edges.evidence[i] + evidence_added, std::numeric_limits<std::uint32_t>::max()));
  if (!first) return;
  if (strings.text(edges.date[i]) != s.date) edges.date[i] = strings.intern(s.date);
  if (strings.text(edges.document[i]) != s.document) edges.document[i] = strings.intern(s.document);
}

}  // namespace newsgraph::graph::detail
