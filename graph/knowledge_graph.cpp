#include "graph/knowledge_graph.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "graph/detail/store.h"

namespace newsgraph::graph {
namespace {

// Keeps `into` sorted and unique after adding `from`; order of calls never matters.
// Linear in the added elements when they all sort after the existing ones (documents added in order),
// else one linear merge: never a sort of the whole vector, which made building large graphs quadratic.
template <typename T>
void unite(std::vector<T>& into, const std::vector<T>& from) {
  if (from.empty()) return;
  const auto old_size = static_cast<std::ptrdiff_t>(into.size());
  into.insert(into.end(), from.begin(), from.end());
  const auto mid = into.begin() + old_size;
  if (!std::is_sorted(mid, into.end())) std::sort(mid, into.end());
  if (old_size > 0 && *(mid - 1) < *mid) {
    into.erase(std::unique(mid - 1, into.end()), into.end());
    return;
  }
  std::inplace_merge(into.begin(), mid, into.end());
  into.erase(std::unique(into.begin(), into.end()), into.end());
}

// A commutative choice between two optional strings: the non-empty one, else the smaller.
void choose(std::string& into, const std::string& from) {
  if (into.empty() || (!from.empty() && from < into)) into = from;
}

void merge_entity(Entity& into, const Entity& from) {
  // The type of the more confident source wins; on a tie, the smaller enum value (commutative).
  if (from.confidence > into.confidence ||
      (from.confidence == into.confidence && from.type < into.type))
    into.type = from.type;
  choose(into.name_ar, from.name_ar);
  choose(into.name_en, from.name_en);
  choose(into.wikidata, from.wikidata);
  into.confidence = std::max(into.confidence, from.confidence);
  unite(into.aliases, from.aliases);
  unite(into.mentions, from.mentions);
}

void merge_statement(Statement& into, const Statement& from) {
  into.modality = std::min(into.modality, from.modality);
  into.confidence = std::max(into.confidence, from.confidence);
  choose(into.cameo, from.cameo);
  choose(into.role, from.role);
  choose(into.date, from.date);
  if (from.quantity && (!into.quantity || *from.quantity > *into.quantity)) into.quantity = from.quantity;
  unite(into.evidence, from.evidence);
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

Relationship make_relationship(const detail::Store& store, detail::Edge e) {
  const auto& props = store.graph[e];
  Relationship r{store.graph[boost::source(e, store.graph)].entity.id, props.relation,
                 store.graph[boost::target(e, store.graph)].entity.id, {}};
  for (const auto& s : props.statements) r.statements.push_back(&s);
  return r;
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

void KnowledgeGraph::add(const DocumentGraph& dg) {
  add_document(dg.document);
  for (const auto& e : dg.entities) add_entity(e);
  for (const auto& s : dg.statements) add_statement(s);
}

void KnowledgeGraph::add_document(const Document& document) {
  auto [it, inserted] = store_->documents.try_emplace(document.id, document);
  if (!inserted) {
    choose(it->second.date, document.date);
    choose(it->second.headline, document.headline);
    if (it->second.text.empty()) it->second.text = document.text;
  }
}

void KnowledgeGraph::add_entity(const Entity& entity) {
  auto& s = *store_;
  auto it = s.vertex_by_id.find(entity.id);
  if (it == s.vertex_by_id.end()) {
    auto v = boost::add_vertex(detail::VertexProperties{normalised(entity)}, s.graph);
    s.vertex_by_id.emplace(entity.id, v);
  } else {
    merge_entity(s.graph[it->second].entity, entity);
  }
}

void KnowledgeGraph::add_statement(const Statement& statement) {
  auto& s = *store_;
  auto find = [&](const std::string& id) {
    auto it = s.vertex_by_id.find(id);
    if (it == s.vertex_by_id.end())
      throw std::invalid_argument("statement " + statement.subject + " " + statement.relation + " " +
                                  statement.object + " names an unknown entity '" + id + "'");
    return it->second;
  };
  const auto from = find(statement.subject), to = find(statement.object);
  auto key = std::make_tuple(from, statement.relation, to);
  auto eit = s.edge_by_key.find(key);
  if (eit == s.edge_by_key.end()) {
    auto [e, ok] = boost::add_edge(from, to, detail::EdgeProperties{statement.relation, {}}, s.graph);
    eit = s.edge_by_key.emplace(key, e).first;
  }
  auto& list = s.graph[eit->second].statements;
  auto pos = std::lower_bound(list.begin(), list.end(), statement, [](const Statement& a, const Statement& b) {
    return std::tie(a.document, a.polarity) < std::tie(b.document, b.polarity);
  });
  if (pos != list.end() && pos->document == statement.document && pos->polarity == statement.polarity) {
    merge_statement(*pos, statement);
  } else {
    list.insert(pos, normalised(statement));
    ++s.statement_count;
  }
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
  auto it = store_->vertex_by_id.find(std::string(id));
  return it == store_->vertex_by_id.end() ? nullptr : &store_->graph[it->second].entity;
}

std::vector<const Statement*> KnowledgeGraph::statements() const {
  std::vector<const Statement*> out;
  out.reserve(store_->statement_count);
  for (const auto& r : relationships())
    out.insert(out.end(), r.statements.begin(), r.statements.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const Statement* a, const Statement* b) { return key_of(*a) < key_of(*b); });
  return out;
}

std::vector<Relationship> KnowledgeGraph::relationships() const {
  std::vector<Relationship> out;
  for (auto e : boost::make_iterator_range(boost::edges(store_->graph)))
    out.push_back(make_relationship(*store_, e));
  std::sort(out.begin(), out.end(), relationship_less);
  return out;
}

std::size_t KnowledgeGraph::document_count() const { return store_->documents.size(); }
std::size_t KnowledgeGraph::entity_count() const { return boost::num_vertices(store_->graph); }
std::size_t KnowledgeGraph::statement_count() const { return store_->statement_count; }
std::size_t KnowledgeGraph::relationship_count() const { return boost::num_edges(store_->graph); }

std::optional<KnowledgeGraph::VertexId> KnowledgeGraph::vertex(std::string_view entity_id) const {
  auto it = store_->vertex_by_id.find(std::string(entity_id));
  if (it == store_->vertex_by_id.end()) return std::nullopt;
  return it->second;
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
