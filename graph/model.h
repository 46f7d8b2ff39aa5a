#pragma once
// The knowledge graph's value types: documents, entities with their mentions, statements with their
// evidence. Plain data with value semantics; the store (graph/knowledge_graph.h) merges and indexes them.
//
//   graph::Entity e{.id = "sudani", .type = graph::EntityType::Person, .name_ar = "محمد شياع السوداني"};
//   e.mentions.push_back({.document = "a.txt", .span = {10, 18}, .text = "السوداني"});
//
// Every offset is a half-open range of Unicode code points into the document's text exactly as read
// (UTF-8 decoded, nothing removed), so that text == document_text[start:end] always holds.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/interned_string.h"

namespace newsgraph::graph {

enum class EntityType : std::uint8_t { Person, Organization, Country, Place };
enum class Polarity : std::uint8_t { Positive, Negative };
// Ordered from strongest to weakest claim; merging keeps the strongest.
enum class Modality : std::uint8_t { Asserted, Reported, Future };
// A name of the entity, or a role phrase ("رئيس الوزراء العراقي") resolved to it.
enum class MentionKind : std::uint8_t { Name, Role };

std::string_view to_string(EntityType type);
std::string_view to_string(Polarity polarity);
std::string_view to_string(Modality modality);
std::string_view to_string(MentionKind kind);
std::optional<EntityType> parse_entity_type(std::string_view text);
std::optional<Polarity> parse_polarity(std::string_view text);
std::optional<Modality> parse_modality(std::string_view text);
std::optional<MentionKind> parse_mention_kind(std::string_view text);

// Half-open range [start, end) of code points in a document's original text.
struct Span {
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  auto operator<=>(const Span&) const = default;
};

// One input article. `id` is its file name without directories. Its text is not kept: no output has it,
// the caller has it (every offset is into it), and a graph would otherwise hold a corpus whole.
struct Document {
  std::string id;
  std::string date;      // ISO 8601 "YYYY-MM-DD", or "" when unknown
  std::string headline;  // first line of the article, or ""
};

// Mentions and evidence are the bulk of a large graph (millions), and their texts repeat (the document
// id in every mention of a document, an entity's few surface forms, one sentence as the evidence of
// several statements): they are InternedStrings, one copy per distinct text, a pointer each.
struct Mention {
  InternedString document;  // Document::id
  Span span;
  InternedString text;      // the exact characters of the occurrence
  MentionKind kind = MentionKind::Name;
  auto operator<=>(const Mention&) const = default;
};

struct Entity {
  std::string id;  // lowercase ASCII slug, stable across documents ("sudani", "united_states")
  EntityType type = EntityType::Organization;
  std::string name_ar;
  std::string name_en;
  std::vector<std::string> aliases;  // every other surface form seen, sorted, unique
  std::string wikidata;              // "Q..." or ""
  double confidence = 1.0;           // 1 for lexicon entities, lower for names found by pattern
  std::vector<Mention> mentions;     // sorted by (document, span)
};

// One sentence that asserts a statement, with the rule that found it.
struct Evidence {
  Span span;
  InternedString text;
  InternedString rule;
  double confidence = 0.0;
  auto operator<=>(const Evidence&) const = default;
};

// A relation asserted in one document: subject -relation-> object. Symmetric relations are stored once,
// with subject id < object id. A negative statement is kept but adds no direct edge in exports.
// The fields that repeat over many statements (document, CAMEO code, role, date) are interned.
struct Statement {
  std::string subject;   // Entity::id
  std::string relation;  // an ontology relation name ("demands")
  std::string object;    // Entity::id
  InternedString document;  // Document::id
  Polarity polarity = Polarity::Positive;
  Modality modality = Modality::Asserted;
  double confidence = 0.0;  // max over evidence
  InternedString cameo;     // CAMEO code from the ontology, or ""
  InternedString role;      // office for affiliated_with ("Prime Minister"), or ""
  std::optional<std::int64_t> quantity;  // stated number, e.g. troops for deploys_to
  InternedString date;      // ISO date of the event or article, or ""
  std::vector<Evidence> evidence;  // sorted by span, unique
};

// Everything extracted from one article: the map step's output, the reduce step's input.
struct DocumentGraph {
  Document document;
  std::vector<Entity> entities;  // mentions only from this document
  std::vector<Statement> statements;
};

// The identity of a statement inside the graph: one per (subject, relation, object, document, polarity).
struct StatementKey {
  std::string subject, relation, object, document;
  Polarity polarity = Polarity::Positive;
  auto operator<=>(const StatementKey&) const = default;
};
StatementKey key_of(const Statement& statement);

}  // namespace newsgraph::graph
