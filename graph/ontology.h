#pragma once
// Ontology: the relation types (direction or symmetry, allowed subject and object types, CAMEO code)
// and entity types of the graph. One data file, graph/ontology.json, is the single source for the
// extractor (which relations exist, argument types), the JSON-LD @context (one property per relation)
// and the query binder (labels and relation names).
//
//   const auto& onto = graph::Ontology::builtin();
//   if (const auto* r = onto.relation("negotiates"); r && r->symmetric) ...
//
// Immutable after load: safe to share across threads.

#include <string>
#include <string_view>
#include <vector>

#include "graph/model.h"

namespace newsgraph::graph {

struct RelationType {
  std::string name;  // "demands"
  bool symmetric = false;
  std::vector<EntityType> subject_types;
  std::vector<EntityType> object_types;
  InternedString cameo;  // nearest CAMEO event code, or "" (interned: every statement of the relation has it)
  std::string label_en;
  std::string label_ar;
  std::string description;

  bool allows(EntityType subject, EntityType object) const;
};

struct EntityTypeInfo {
  EntityType type;
  std::string name;  // "Person"
  std::string iri;   // "https://schema.org/Person"
  std::string description;
};

class Ontology {
 public:
  // The ontology compiled into the binary (graph/ontology.json).
  static const Ontology& builtin();
  // Parses and validates an ontology file; throws InputError (path:line:col) on schema or semantic
  // errors (duplicate relation, unknown entity type).
  static Ontology load(std::string_view path, std::string_view text);

  const std::string& vocabulary() const { return vocabulary_; }
  const std::vector<RelationType>& relations() const { return relations_; }  // sorted by name
  const std::vector<EntityTypeInfo>& entity_types() const { return entity_types_; }
  const RelationType* relation(std::string_view name) const;
  const EntityTypeInfo* entity_type(std::string_view name) const;
  // The known name closest to `name` (edit distance), for "did you mean" suggestions; "" if none close.
  std::string suggest_relation(std::string_view name) const;
  std::string suggest_entity_type(std::string_view name) const;

 private:
  std::string vocabulary_;
  std::vector<RelationType> relations_;
  std::vector<EntityTypeInfo> entity_types_;
};

// Levenshtein distance over bytes; used for suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace newsgraph::graph
