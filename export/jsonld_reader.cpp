#include "export/jsonld_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "export/jsonld_writer.h"
#include "graph/json_input.h"
#include "graph/ontology.h"

namespace newsgraph::exporters {
namespace {

using rapidjson::Value;

constexpr std::string_view kWikidataPrefix = "http://www.wikidata.org/entity/";

std::string_view view(const Value& v) { return {v.GetString(), v.GetStringLength()}; }

// Thrown when a file cannot be read in one streaming pass (it is not laid out as newsgraph writes it, or
// something in it is wrong): try_read_jsonld_file then gives up, and the caller reads the whole text
// with read_jsonld, which accepts any valid layout and reports errors at their line and column.
struct NotStreamable {};

enum class NodeKind : std::uint8_t { Root, GraphNode, Document, Entity, Statement, Mention, Evidence, Name };

// One JSON object of the input. Its JSON Pointer and its name in messages ("entity 'sudani'") are only
// built when a message needs them: a graph of a million statements has millions of nodes.
struct Node {
  const Value& value;
  const Node* parent = nullptr;  // the node holding this one (mentions, evidence, names)
  std::string_view member;       // the member of `parent` holding this one
  std::size_t index = 0;         // position in that member's array, or in "@graph" for top-level nodes
  NodeKind kind = NodeKind::GraphNode;
  std::string_view id;  // documents and entities, once their identifier is read

  std::string pointer() const {
    switch (kind) {
      case NodeKind::Root: return "";
      case NodeKind::Name: return parent->pointer() + "/" + graph::json::pointer_token(member);
      case NodeKind::Mention:
      case NodeKind::Evidence:
        return parent->pointer() + "/" + graph::json::pointer_token(member) + "/" + std::to_string(index);
      default: return "/@graph/" + std::to_string(index);
    }
  }
  std::string what() const {
    switch (kind) {
      case NodeKind::Root: return "the graph";
      case NodeKind::GraphNode: return "node " + pointer();
      case NodeKind::Document: return "document '" + std::string(id) + "'";
      case NodeKind::Entity: return "entity '" + std::string(id) + "'";
      case NodeKind::Statement: return "statement " + pointer();
      case NodeKind::Mention: return "a mention of " + parent->what();
      case NodeKind::Evidence: return "an evidence of " + parent->what();
      case NodeKind::Name: return "the name of " + parent->what();
    }
    return "";
  }
  std::string at(std::string_view m) const { return pointer() + "/" + graph::json::pointer_token(m); }
  const Value* find(std::string_view m) const {
    auto it = value.FindMember(Value(rapidjson::StringRef(m.data(), m.size())));
    return it == value.MemberEnd() ? nullptr : &it->value;
  }
};

// Hash maps looked up by std::string_view without building a std::string.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
template <typename T>
using TextMap = std::unordered_map<std::string, T, TextHash, std::equal_to<>>;

// (subject, relation, object) by dense numbers: entity in order of declaration, relation in the ontology.
struct EdgeKey {
  std::uint32_t subject, object;
  std::uint32_t relation;
  bool operator==(const EdgeKey&) const = default;
};
struct EdgeKeyHash {
  std::size_t operator()(const EdgeKey& k) const noexcept {
    return (std::uint64_t{k.subject} * 0x9E3779B97F4A7C15ULL) ^ (std::uint64_t{k.object} << 20) ^ k.relation;
  }
};

// Checks every member of a graph's nodes before it is used, and fills a KnowledgeGraph. Two ways in:
// read() walks a whole parsed document (any order of nodes; errors at path:line:col); the streaming
// reader (StreamReader below) hands it one node at a time in the order newsgraph writes them, and any
// error then throws NotStreamable instead (no text to point into).
class GraphReader {
 public:
  // `text` empty: streaming, fail() throws NotStreamable.
  GraphReader(std::string_view path, std::string_view text, bool streaming)
      : path_(path), text_(text), streaming_(streaming) {}

  graph::KnowledgeGraph read() {
    // Full precision: every double newsgraph writes (shortest form) must read back to the same bits.
    const auto doc = graph::json::parse(path_, text_, graph::json::Numbers::FullPrecision);
    if (!doc.IsObject()) fail("", "not a newsgraph graph: expected a JSON-LD object with \"@context\" and \"@graph\"");
    auto context = doc.FindMember("@context");
    if (context == doc.MemberEnd()) fail("", "not a newsgraph graph: no \"@context\" (newsgraph embeds its context inline)");
    check_context(context->value);
    const Node root{doc, nullptr, {}, 0, NodeKind::Root, {}};
    const Value* nodes = root.find("@graph");
    if (!nodes) fail("", "not a newsgraph graph: missing member \"@graph\"");
    if (!nodes->IsArray()) fail("/@graph", "member \"@graph\" must be an array of nodes");
    for (const auto& m : doc.GetObject()) {
      const std::string_view name = view(m.name);
      if (name != "@context" && name != "@graph")
        fail("/" + graph::json::pointer_token(name), "unknown member \"" + std::string(name) + "\" in the graph");
    }

    // The metadata node first: a newer format is refused before anything in it is misread.
    std::vector<Node> documents, entities, statements;
    bool metadata = false;
    for (rapidjson::SizeType i = 0; i < nodes->Size(); ++i) {
      const Value& v = (*nodes)[i];
      if (!v.IsObject()) fail("/@graph/" + std::to_string(i), "a node of \"@graph\" must be an object");
      Node node{v, nullptr, {}, i, NodeKind::GraphNode, {}};
      const std::string_view type = string(node, "@type", true);
      if (type == "Dataset") {
        if (metadata) fail(node.pointer(), "a second metadata node (\"@type\": \"Dataset\")");
        metadata = true;
        read_metadata(node);
      } else if (type == "NewsArticle") {
        documents.push_back(node);
      } else if (graph::parse_entity_type(type)) {
        entities.push_back(node);
      } else if (type == "Statement") {
        statements.push_back(node);
      } else {
        fail_unknown_type(node, type);
      }
    }
    if (!metadata) fail_no_metadata();

    for (auto& node : documents) graph_.add_document(read_document(node));
    for (auto& node : entities) declare_entity(node);
    for (auto& node : entities) graph_.add_entity(read_entity(node));
    for (auto& node : statements) graph_.add_statement(read_statement(node));
    return finish();
  }

  // The streaming way in, node by node (see StreamReader).
  void stream_context(const Value& context) { check_context(context); }
  void stream_node(const Value& v, std::size_t index) {
    if (!v.IsObject()) throw NotStreamable{};
    Node node{v, nullptr, {}, index, NodeKind::GraphNode, {}};
    const std::string_view type = string(node, "@type", true);
    // Nodes come in newsgraph's order: metadata, documents, entities, statements; anything else is
    // left to read().
    if (type == "Dataset") {
      if (phase_ != Phase::Start) throw NotStreamable{};
      read_metadata(node);
      phase_ = Phase::Documents;
    } else if (type == "NewsArticle") {
      if (phase_ != Phase::Documents) throw NotStreamable{};
      graph_.add_document(read_document(node));
    } else if (graph::parse_entity_type(type)) {
      if (phase_ != Phase::Documents && phase_ != Phase::Entities) throw NotStreamable{};
      phase_ = Phase::Entities;
      declare_entity(node);
      graph_.add_entity(read_entity(node));
    } else if (type == "Statement") {
      if (phase_ == Phase::Start) throw NotStreamable{};
      if (phase_ != Phase::Statements) resolve_deferred_edges();
      phase_ = Phase::Statements;
      graph_.add_statement(read_statement(node));
    } else {
      throw NotStreamable{};
    }
  }
  graph::KnowledgeGraph stream_end() {
    if (phase_ == Phase::Start) throw NotStreamable{};
    resolve_deferred_edges();
    return finish();
  }

 private:
  enum class Phase { Start, Documents, Entities, Statements };

  struct EntityRef {
    std::string id;
    std::uint32_t number;  // in order of declaration
  };
  // Where a direct edge is written: "/@graph/<node>/<relation>/<element>".
  struct EdgeLocation {
    std::uint32_t node, element;
  };
  // A direct edge whose object had not been declared yet when streaming (entities come sorted by id).
  struct DeferredEdge {
    EdgeKey key;  // object not yet known
    std::string object_iri;
    EdgeLocation at;
  };

  [[noreturn]] void fail(const std::string& pointer, std::string message) const {
    if (streaming_) throw NotStreamable{};
    throw graph::json::error_at(path_, text_, pointer, std::move(message));
  }
  [[noreturn]] void fail_unknown_type(const Node& node, std::string_view type) const {
    fail(node.at("@type"), "unknown node type '" + std::string(type) +
                               "' (expected Dataset, NewsArticle, Person, Organization, Country, Place or Statement)");
  }
  [[noreturn]] void fail_no_metadata() const {
    fail("/@graph", "not a newsgraph graph: no metadata node {\"@type\": \"Dataset\", \"formatVersion\": " +
                        std::to_string(kJsonLdFormatVersion) + ", \"generator\": \"newsgraph\"}");
  }

  const Value& require(const Node& node, std::string_view member) const {
    const Value* v = node.find(member);
    if (!v) fail(node.pointer(), "missing member \"" + std::string(member) + "\" in " + node.what());
    return *v;
  }

  // A string member, viewed in the parsed document ("" when optional and absent).
  std::string_view string(const Node& node, std::string_view member, bool required) const {
    const Value* v = required ? &require(node, member) : node.find(member);
    if (!v) return {};
    if (!v->IsString())
      fail(node.at(member), "member \"" + std::string(member) + "\" of " + node.what() + " must be a string");
    return view(*v);
  }

  std::uint32_t offset(const Node& node, std::string_view member) const {
    const Value& v = require(node, member);
    if (!v.IsUint())
      fail(node.at(member), "member \"" + std::string(member) + "\" of " + node.what() +
                                " must be a non-negative integer (a code point offset)");
    return v.GetUint();
  }

  graph::Span span(const Node& node) const {
    graph::Span s{offset(node, "start"), offset(node, "end")};
    if (s.end < s.start) fail(node.at("end"), "\"end\" is before \"start\" in " + node.what());
    return s;
  }

  double confidence(const Node& node) const {
    const Value& v = require(node, "confidence");
    if (!v.IsNumber() || v.GetDouble() < 0.0 || v.GetDouble() > 1.0)
      fail(node.at("confidence"), "member \"confidence\" of " + node.what() + " must be a number between 0 and 1");
    return v.GetDouble();
  }

  void expect_type(const Node& node, std::string_view type) const {
    if (string(node, "@type", true) != type)
      fail(node.at("@type"), node.what() + " must have \"@type\": \"" + std::string(type) + "\"");
  }

  void only_members(const Node& node, std::initializer_list<std::string_view> allowed) const {
    for (const auto& m : node.value.GetObject()) {
      const std::string_view name = view(m.name);
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
        fail(node.at(name), "unknown member \"" + std::string(name) + "\" in " + node.what());
    }
  }

  const Value& array(const Node& node, std::string_view member, std::string_view of) const {
    const Value& v = require(node, member);
    if (!v.IsArray())
      fail(node.at(member),
           "member \"" + std::string(member) + "\" of " + node.what() + " must be an array of " + std::string(of));
    return v;
  }

  // Every term of newsgraph's context must be present with the same definition, except relation terms:
  // a graph written before a relation was added to the ontology lacks its term, and may, as long as it
  // does not use the relation (see relation_term). A file may add terms of its own.
  void check_context(const Value& theirs) {
    if (!theirs.IsObject())
      fail("/@context", "not a newsgraph graph: \"@context\" must be an inline object (a remote context is foreign)");
    rapidjson::Document ours;
    const auto ours_text = jsonld_context_file();
    ours.Parse(ours_text.data(), ours_text.size());
    const std::string& vocabulary = graph::Ontology::builtin().vocabulary();
    auto ng = theirs.FindMember("ng");
    if (ng == theirs.MemberEnd() || !ng->value.IsString() || view(ng->value) != vocabulary)
      fail("/@context", "not a newsgraph graph: a foreign \"@context\" (no prefix \"ng\": \"" + vocabulary + "\")");
    for (const auto& term : ours["@context"].GetObject()) {
      auto found = theirs.FindMember(term.name);
      const std::string name(view(term.name));
      const bool relation = graph::Ontology::builtin().relation(name) != nullptr;
      if (found == theirs.MemberEnd() && relation) continue;
      if (found == theirs.MemberEnd())
        fail("/@context", "a foreign \"@context\": it does not define the term \"" + name + "\"");
      if (relation) relation_terms_.insert(name);
      if (found->value != term.value)
        fail("/@context/" + graph::json::pointer_token(name),
             "a foreign \"@context\": the term \"" + name + "\" is defined differently from newsgraph's");
    }
  }

  // A relation used as a direct edge or predicate must be defined by the file's own @context, or a
  // standard JSON-LD processor would drop it.
  void relation_term(const Node& node, std::string_view member, std::string_view relation) const {
    if (!relation_terms_.count(relation))
      fail(node.at(member),
           "the relation '" + std::string(relation) + "' is used but the file's \"@context\" does not define it");
  }

  void read_metadata(const Node& node) const {
    only_members(node, {"@type", "formatVersion", "generator"});
    const Value& version = require(node, "formatVersion");
    if (!version.IsUint() || version.GetUint() == 0)
      fail(node.at("formatVersion"), "member \"formatVersion\" of the metadata node must be a positive integer");
    if (version.GetUint() > static_cast<unsigned>(kJsonLdFormatVersion))
      fail(node.at("formatVersion"), "this graph was written by a newer newsgraph (format version " +
                                         std::to_string(version.GetUint()) + "; this build reads up to " +
                                         std::to_string(kJsonLdFormatVersion) + ")");
    string(node, "generator", true);
  }

  // Checks "@id" against the IRI the writer derives from "identifier" and names the node after it;
  // returns the identifier (a view into the parsed document).
  std::string_view identity(Node& node, NodeKind kind, std::string (*iri)(std::string_view)) const {
    const std::string_view id = string(node, "identifier", true);
    if (id.empty()) fail(node.at("identifier"), "empty \"identifier\" in " + node.what());
    node.kind = kind;
    node.id = id;
    const std::string_view at = string(node, "@id", true);
    const std::string expected = iri(id);
    if (at != expected) fail(node.at("@id"), "\"@id\" of " + node.what() + " must be \"" + expected + "\"");
    return id;
  }

  const graph::InternedString& document_ref(const Node& node, std::string_view member) const {
    const std::string_view iri = string(node, member, true);
    auto it = documents_.find(iri);
    if (it == documents_.end()) fail(node.at(member), node.what() + " names an unknown document '" + std::string(iri) + "'");
    return it->second;
  }

  const EntityRef* find_entity(const Value& v) const {
    auto it = entities_.find(view(v));
    return it == entities_.end() ? nullptr : &it->second;
  }

  // The entity an IRI names: the value of `member`, or its element `element` when it is an array.
  const EntityRef& entity_ref(const Node& node, std::string_view member, const Value& v,
                              std::optional<std::size_t> element = std::nullopt) const {
    const auto pointer = [&] { return node.at(member) + (element ? "/" + std::to_string(*element) : ""); };
    if (!v.IsString())
      fail(pointer(), "member \"" + std::string(member) + "\" of " + node.what() + " must be an entity IRI string");
    const EntityRef* e = find_entity(v);
    if (!e) fail(pointer(), node.what() + " names an unknown entity '" + std::string(view(v)) + "'");
    return *e;
  }

  graph::Document read_document(Node& node) {
    only_members(node, {"@id", "@type", "identifier", "datePublished", "headline"});
    graph::Document d;
    const std::string_view id = identity(node, NodeKind::Document, document_iri);
    d.id = std::string(id);
    if (!documents_.try_emplace(document_iri(id), graph::InternedString(id)).second)
      fail(node.at("@id"), "a second node with \"@id\": \"" + document_iri(id) + "\"");
    d.date = std::string(string(node, "datePublished", false));
    d.headline = std::string(string(node, "headline", false));
    return d;
  }

  void declare_entity(Node& node) {
    const std::string_view id = identity(node, NodeKind::Entity, entity_iri);
    const auto number = static_cast<std::uint32_t>(entity_ids_.size());
    if (!entities_.try_emplace(entity_iri(id), EntityRef{std::string(id), number}).second)
      fail(node.at("@id"), "a second node with \"@id\": \"" + entity_iri(id) + "\"");
    entity_ids_.emplace_back(id);
  }

  static std::uint32_t relation_number(const graph::RelationType* r) {
    return static_cast<std::uint32_t>(r - graph::Ontology::builtin().relations().data());
  }

  graph::Entity read_entity(Node& node) {
    graph::Entity e;
    e.id = std::string(string(node, "identifier", true));
    e.type = *graph::parse_entity_type(string(node, "@type", true));
    const std::uint32_t self = entities_.find(entity_iri(e.id))->second.number;
    const auto& ontology = graph::Ontology::builtin();
    for (const auto& m : node.value.GetObject()) {
      const std::string_view name = view(m.name);
      if (name == "@id" || name == "@type" || name == "identifier") continue;
      if (name == "name") {
        if (!m.value.IsObject())
          fail(node.at(name), "member \"name\" of " + node.what() + " must be an object {\"ar\": ..., \"en\": ...}");
        Node names{m.value, &node, name, 0, NodeKind::Name, {}};
        only_members(names, {"ar", "en"});
        e.name_ar = std::string(string(names, "ar", false));
        e.name_en = std::string(string(names, "en", false));
      } else if (name == "alternateName") {
        const Value& list = array(node, name, "strings");
        for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
          if (!list[i].IsString()) fail(node.at(name) + "/" + std::to_string(i), "an alternate name must be a string");
          e.aliases.emplace_back(view(list[i]));
        }
      } else if (name == "sameAs") {
        const std::string_view iri = string(node, name, true);
        if (!iri.starts_with(kWikidataPrefix) || iri.size() == kWikidataPrefix.size())
          fail(node.at(name),
               "\"sameAs\" of " + node.what() + " must be a Wikidata IRI \"" + std::string(kWikidataPrefix) + "Q...\"");
        e.wikidata = std::string(iri.substr(kWikidataPrefix.size()));
      } else if (name == "confidence") {
        e.confidence = confidence(node);
      } else if (name == "mention") {
        const Value& list = array(node, name, "mention nodes");
        e.mentions.reserve(list.Size());
        for (rapidjson::SizeType i = 0; i < list.Size(); ++i) e.mentions.push_back(read_mention(node, list[i], i));
      } else if (const auto* relation = ontology.relation(name)) {
        relation_term(node, name, name);
        const Value& list = array(node, name, "entity IRIs");
        for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
          const EdgeLocation at{static_cast<std::uint32_t>(node.index), i};
          const Value& object = list[i];
          if (streaming_ && object.IsString() && !find_entity(object)) {  // declared further on, perhaps
            deferred_.push_back({EdgeKey{self, 0, relation_number(relation)}, std::string(view(object)), at});
            continue;
          }
          const EntityRef& o = entity_ref(node, name, object, i);
          direct_edges_.try_emplace(EdgeKey{self, o.number, relation_number(relation)}, at);
        }
      } else {
        const std::string suggestion = ontology.suggest_relation(name);
        fail(node.at(name), "unknown member \"" + std::string(name) + "\" in " + node.what() +
                                (suggestion.empty() ? std::string(" (neither a property nor a relation)")
                                                    : " (did you mean the relation '" + suggestion + "'?)"));
      }
    }
    require(node, "confidence");
    return e;
  }

  graph::Mention read_mention(const Node& owner, const Value& v, std::size_t index) const {
    Node node{v, &owner, "mention", index, NodeKind::Mention, {}};
    if (!v.IsObject()) fail(node.pointer(), "a mention of " + owner.what() + " must be an object");
    only_members(node, {"@type", "document", "text", "start", "end", "kind"});
    expect_type(node, "Mention");
    graph::Mention m;
    m.document = document_ref(node, "document");
    m.text = string(node, "text", true);
    m.span = span(node);
    const std::string_view kind = string(node, "kind", true);
    const auto parsed = graph::parse_mention_kind(kind);
    if (!parsed) fail(node.at("kind"), "unknown mention kind '" + std::string(kind) + "' (expected name or role)");
    m.kind = *parsed;
    return m;
  }

  graph::Evidence read_evidence(const Node& owner, const Value& v, std::size_t index) const {
    Node node{v, &owner, "support", index, NodeKind::Evidence, {}};
    if (!v.IsObject()) fail(node.pointer(), "an evidence of " + owner.what() + " must be an object");
    only_members(node, {"@type", "text", "start", "end", "rule", "confidence"});
    expect_type(node, "Evidence");
    graph::Evidence ev;
    ev.text = string(node, "text", true);
    ev.span = span(node);
    ev.rule = string(node, "rule", false);
    ev.confidence = confidence(node);
    return ev;
  }

  graph::Statement read_statement(Node& node) {
    only_members(node, {"@id", "@type", "subject", "predicate", "object", "document", "evidence", "start", "end",
                        "polarity", "modality", "confidence", "cameo", "role", "quantity", "date", "support"});
    string(node, "@id", true);
    node.kind = NodeKind::Statement;
    graph::Statement s;
    const EntityRef& subject = entity_ref(node, "subject", require(node, "subject"));
    const EntityRef& object = entity_ref(node, "object", require(node, "object"));
    s.subject = subject.id;
    s.object = object.id;
    const std::string_view predicate = string(node, "predicate", true);
    const auto& ontology = graph::Ontology::builtin();
    const graph::RelationType* relation = ontology.relation(predicate);
    if (!relation) {
      const std::string suggestion = ontology.suggest_relation(predicate);
      fail(node.at("predicate"), "unknown relation '" + std::string(predicate) + "'" +
                                     (suggestion.empty() ? std::string() : " (did you mean '" + suggestion + "'?)"));
    }
    s.relation = relation->name;
    relation_term(node, "predicate", s.relation);
    s.document = document_ref(node, "document");
    const std::string_view polarity = string(node, "polarity", true);
    const auto p = graph::parse_polarity(polarity);
    if (!p) fail(node.at("polarity"), "unknown polarity '" + std::string(polarity) + "' (expected positive or negative)");
    s.polarity = *p;
    const std::string_view modality = string(node, "modality", true);
    const auto md = graph::parse_modality(modality);
    if (!md)
      fail(node.at("modality"),
           "unknown modality '" + std::string(modality) + "' (expected asserted, reported or future)");
    s.modality = *md;
    s.confidence = confidence(node);
    s.cameo = string(node, "cameo", false);
    s.role = string(node, "role", false);
    s.date = string(node, "date", false);
    if (const Value* q = node.find("quantity")) {
      if (!q->IsInt64()) fail(node.at("quantity"), "member \"quantity\" of " + node.what() + " must be an integer");
      s.quantity = q->GetInt64();
    }
    if (node.find("support")) {
      const Value& list = array(node, "support", "evidence nodes");
      s.evidence.reserve(list.Size());
      for (rapidjson::SizeType i = 0; i < list.Size(); ++i) s.evidence.push_back(read_evidence(node, list[i], i));
    }
    // "evidence", "start" and "end" repeat the first evidence of "support" for readers that ignore it.
    if (s.evidence.empty()) {
      for (const char* member : {"evidence", "start", "end"})
        if (node.find(member))
          fail(node.at(member), "\"" + std::string(member) + "\" of " + node.what() + " without \"support\"");
    } else {
      const auto& first = *std::min_element(s.evidence.begin(), s.evidence.end());
      if (string(node, "evidence", true) != first.text)
        fail(node.at("evidence"), "\"evidence\" of " + node.what() + " differs from its first \"support\" text");
      if (span(node) != first.span)
        fail(node.at("start"), "\"start\"/\"end\" of " + node.what() + " differ from its first \"support\" span");
    }
    if (s.polarity == graph::Polarity::Positive)
      positive_.insert(EdgeKey{subject.number, object.number, relation_number(relation)});
    return s;
  }

  // Streaming: the direct edges to entities declared after their subject, now that all are declared.
  void resolve_deferred_edges() {
    for (const auto& d : deferred_) {
      auto it = entities_.find(d.object_iri);
      if (it == entities_.end()) throw NotStreamable{};
      direct_edges_.try_emplace(EdgeKey{d.key.subject, it->second.number, d.key.relation}, d.at);
    }
    deferred_.clear();
  }

  // Every direct edge must have a positive statement; the first missing one in (subject, relation,
  // object) order is reported.
  graph::KnowledgeGraph finish() {
    const auto& relations = graph::Ontology::builtin().relations();
    const std::tuple<std::string, std::string, std::string>* first = nullptr;
    std::tuple<std::string, std::string, std::string> worst;
    EdgeLocation worst_at{};
    for (const auto& [edge, at] : direct_edges_) {
      if (positive_.count(edge)) continue;
      auto key = std::make_tuple(entity_ids_[edge.subject], relations[edge.relation].name, entity_ids_[edge.object]);
      if (!first || key < worst) {
        worst = std::move(key);
        worst_at = at;
        first = &worst;
      }
    }
    if (first) {
      const auto& [subject, relation, object] = worst;
      fail("/@graph/" + std::to_string(worst_at.node) + "/" + graph::json::pointer_token(relation) + "/" +
               std::to_string(worst_at.element),
           "direct edge " + subject + " " + relation + " " + object + " has no positive statement");
    }
    return std::move(graph_);
  }

  std::string_view path_;
  std::string_view text_;
  bool streaming_ = false;
  Phase phase_ = Phase::Start;
  graph::KnowledgeGraph graph_;
  TextMap<graph::InternedString> documents_;  // IRI -> document id
  TextMap<EntityRef> entities_;               // IRI -> entity id and number
  std::vector<std::string> entity_ids_;       // by number
  std::unordered_map<EdgeKey, EdgeLocation, EdgeKeyHash> direct_edges_;
  std::unordered_set<EdgeKey, EdgeKeyHash> positive_;
  std::vector<DeferredEdge> deferred_;
  std::unordered_set<std::string, TextHash, std::equal_to<>> relation_terms_;  // the file's @context defines them
};


// True when `bytes` are all UTF-8 by the rules of graph::decode_utf8_at (no overlong forms, encoded
// surrogates or code points above U+10FFFF), with fast paths for the ASCII and two-byte (Arabic) runs
// a graph is made of: RapidJSON's own check was an eighth of reading one.
bool valid_utf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* const end = p + bytes.size();
  while (p < end) {
    if (end - p >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        p += 8;
        continue;
      }
    }
    const unsigned char b = *p;
    if (b < 0x80) {
      ++p;
    } else if (b >= 0xC2 && b <= 0xDF) {
      if (end - p < 2 || (p[1] & 0xC0) != 0x80) return false;
      p += 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      if (end - p < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return false;
      if ((b == 0xE0 && p[1] < 0xA0) || (b == 0xED && p[1] >= 0xA0)) return false;  // overlong, surrogate
      p += 3;
    } else if (b >= 0xF0 && b <= 0xF4) {
      if (end - p < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return false;
      if ((b == 0xF0 && p[1] < 0x90) || (b == 0xF4 && p[1] >= 0x90)) return false;  // overlong, > U+10FFFF
      p += 4;
    } else {
      return false;
    }
  }
  return true;
}

// Reads a graph file in one pass without holding its text: the file is read in blocks, each node of
// "@graph" is found by a scan that follows strings and brackets, parsed on its own (in place, in the
// block) and handed to the GraphReader, then forgotten. Memory is the graph's plus the largest node's.
// The layout must be newsgraph's: {"@context": {...}, "@graph": [metadata, documents, entities,
// statements]}, all UTF-8, no escaped UTF-16 surrogates, nesting at most 256 deep; anything else, any
// error (of JSON, UTF-8 or content) and any read error throws NotStreamable, and read_jsonld decides.
class StreamReader {
 public:
  explicit StreamReader(std::FILE* file) : file_(file), buffer_(kBlock) {}

  graph::KnowledgeGraph read() {
    fill();
    if (end_ - pos_ >= 3 && std::memcmp(buffer_.data() + pos_, "\xEF\xBB\xBF", 3) == 0) pos_ += 3;
    expect('{');
    expect_key("\"@context\"");
    GraphReader reader("", "", true);
    {
      rapidjson::Document context;
      parse_value(context);
      reader.stream_context(context);
    }
    expect(',');
    expect_key("\"@graph\"");
    expect('[');
    rapidjson::MemoryPoolAllocator<> pool(first_chunk_.data(), first_chunk_.size());
    if (peek() == ']') {
      ++pos_;
    } else {
      for (std::size_t index = 0;; ++index) {
        {
          rapidjson::Document node(&pool);
          parse_value(node);
          reader.stream_node(node, index);
        }
        pool.Clear();
        const char c = peek();
        ++pos_;
        if (c == ']') break;
        if (c != ',') throw NotStreamable{};
      }
    }
    expect('}');
    if (peek() != '\0' || pos_ != end_) throw NotStreamable{};  // only white space may follow
    return reader.stream_end();
  }

 private:
  static constexpr std::size_t kBlock = 1 << 22;
  static constexpr int kMaxDepth = 256;

  // Reads more of the file behind what is left from `keep` on; returns false at the end of the file.
  bool fill(std::size_t& keep) {
    if (eof_) return false;
    if (keep > 0) {
      std::memmove(buffer_.data(), buffer_.data() + keep, end_ - keep);
      end_ -= keep;
      pos_ -= keep;
      keep = 0;
    }
    if (buffer_.size() - end_ < kBlock / 2) buffer_.resize(buffer_.size() * 2);
    const std::size_t n = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_ - 1, file_);
    if (n == 0) {
      if (std::ferror(file_)) throw NotStreamable{};
      eof_ = true;
      return false;
    }
    end_ += n;
    return true;
  }
  bool fill() {
    std::size_t keep = pos_;
    return fill(keep);
  }

  // The next character that is not white space ('\0' at the end of the file), not consumed.
  char peek() {
    for (;;) {
      while (pos_ < end_) {
        const char c = buffer_[pos_];
        if (c != ' ' && c != '\n' && c != '\t' && c != '\r') return c;
        ++pos_;
      }
      if (!fill()) return '\0';
    }
  }
  void expect(char c) {
    if (peek() != c) throw NotStreamable{};
    ++pos_;
  }
  void expect_key(std::string_view key) {
    peek();
    while (end_ - pos_ < key.size() && fill()) {
    }
    if (end_ - pos_ < key.size() || std::memcmp(buffer_.data() + pos_, key.data(), key.size()) != 0)
      throw NotStreamable{};
    pos_ += key.size();
    expect(':');
  }

  // Finds the end of the object or array at pos_ (reading more as needed), parses it in place into `doc`
  // and moves past it.
  void parse_value(rapidjson::Document& doc) {
    const char open = peek();
    if (open != '{' && open != '[') throw NotStreamable{};
    std::size_t start = pos_, i = pos_;
    int depth = 0;
    for (;;) {
      if (i >= end_) {
        const std::size_t offset = i - start;
        if (!fill(start)) throw NotStreamable{};
        i = start + offset;
        continue;
      }
      const char c = buffer_[i];
      if (c == '"') {  // a string: to its closing quote, checking escapes
        ++i;
        for (;;) {
          if (i >= end_) {
            const std::size_t offset = i - start;
            if (!fill(start)) throw NotStreamable{};
            i = start + offset;
            continue;
          }
          const char* from = buffer_.data() + i;
          const auto* quote = static_cast<const char*>(std::memchr(from, '"', end_ - i));
          const std::size_t length = quote ? static_cast<std::size_t>(quote - from) : end_ - i;
          const auto* escape = static_cast<const char*>(std::memchr(from, '\\', length));
          if (!escape) {
            i += length;
            if (quote) {
              ++i;
              break;
            }
            continue;
          }
          i = static_cast<std::size_t>(escape - buffer_.data());
          while (end_ - i < 6) {  // room for "\uXXXX"
            const std::size_t offset = i - start;
            if (!fill(start)) break;
            i = start + offset;
          }
          // newsgraph never escapes a UTF-16 surrogate (\uD800-\uDFFF): the text reader judges those.
          if (end_ - i >= 4 && buffer_[i + 1] == 'u' && (buffer_[i + 2] | 0x20) == 'd' &&
              ((buffer_[i + 3] >= '8' && buffer_[i + 3] <= '9') || ((buffer_[i + 3] | 0x20) >= 'a' && (buffer_[i + 3] | 0x20) <= 'f')))
            throw NotStreamable{};
          i += 2;
        }
        continue;
      }
      if (c == '{' || c == '[') {
        if (++depth > kMaxDepth) throw NotStreamable{};
      } else if (c == '}' || c == ']') {
        if (--depth == 0) {
          ++i;
          break;
        }
      }
      ++i;
    }
    // Parse [start, i) in place: RapidJSON stops after the value, and the '\0' written after it keeps a
    // malformed value from being read past its end.
    if (!valid_utf8(std::string_view(buffer_.data() + start, i - start))) throw NotStreamable{};
    if (i >= buffer_.size()) buffer_.push_back('\0');
    const char after = buffer_[i];
    buffer_[i] = '\0';
    doc.ParseInsitu<rapidjson::kParseStopWhenDoneFlag | rapidjson::kParseFullPrecisionFlag>(buffer_.data() + start);
    buffer_[i] = after;
    if (doc.HasParseError()) throw NotStreamable{};
    pos_ = i;
  }

  std::FILE* file_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  std::vector<char> first_chunk_ = std::vector<char>(1 << 20);  // the node allocator's own block
};

}  // namespace

graph::KnowledgeGraph read_jsonld(std::string_view path, std::string_view text) {
  return GraphReader(path, text, false).read();
}

std::optional<graph::KnowledgeGraph> try_read_jsonld_file(const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return std::nullopt;
  try {
    return StreamReader(file.get()).read();
  } catch (const NotStreamable&) {
    return std::nullopt;
  }
}

}  // namespace newsgraph::exporters
