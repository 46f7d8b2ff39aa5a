#include "export/jsonld_reader.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "export/jsonld_writer.h"
#include "graph/json_input.h"
#include "graph/ontology.h"

namespace newsgraph::exporters {
namespace {

using rapidjson::Value;

constexpr std::string_view kWikidataPrefix = "http://www.wikidata.org/entity/";

std::string_view view(const Value& v) { return {v.GetString(), v.GetStringLength()}; }

// One JSON object of the input, with its JSON Pointer and a name for messages ("entity 'sudani'").
struct Node {
  const Value& value;
  std::string pointer;
  std::string what;

  std::string at(std::string_view member) const { return pointer + "/" + graph::json::pointer_token(member); }
  const Value* find(std::string_view member) const {
    auto it = value.FindMember(Value(rapidjson::StringRef(member.data(), member.size())));
    return it == value.MemberEnd() ? nullptr : &it->value;
  }
};

// Walks a parsed graph document, checking every member before it is used, and fills a KnowledgeGraph.
class GraphReader {
 public:
  GraphReader(std::string_view path, std::string_view text) : path_(path), text_(text) {}

  graph::KnowledgeGraph read() {
    const auto doc = graph::json::parse(path_, text_);
    if (!doc.IsObject()) fail("", "not a newsgraph graph: expected a JSON-LD object with \"@context\" and \"@graph\"");
    check_context(doc);
    const Node root{doc, "", "the graph"};
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
      const std::string pointer = "/@graph/" + std::to_string(i);
      const Value& v = (*nodes)[i];
      if (!v.IsObject()) fail(pointer, "a node of \"@graph\" must be an object");
      Node node{v, pointer, "node " + pointer};
      const std::string type = string(node, "@type", true);
      if (type == "Dataset") {
        if (metadata) fail(pointer, "a second metadata node (\"@type\": \"Dataset\")");
        metadata = true;
        read_metadata(node);
      } else if (type == "NewsArticle") {
        documents.push_back(node);
      } else if (graph::parse_entity_type(type)) {
        entities.push_back(node);
      } else if (type == "Statement") {
        statements.push_back(node);
      } else {
        fail(node.at("@type"), "unknown node type '" + type +
                                   "' (expected Dataset, NewsArticle, Person, Organization, Country, Place or "
                                   "Statement)");
      }
    }
    if (!metadata)
      fail("/@graph", "not a newsgraph graph: no metadata node {\"@type\": \"Dataset\", \"formatVersion\": " +
                          std::to_string(kJsonLdFormatVersion) + ", \"generator\": \"newsgraph\"}");

    graph::KnowledgeGraph g;
    for (auto& node : documents) g.add_document(read_document(node));
    for (auto& node : entities) declare_entity(node);
    for (auto& node : entities) g.add_entity(read_entity(node));
    for (auto& node : statements) g.add_statement(read_statement(node));
    for (const auto& [edge, pointer] : direct_edges_)
      if (!positive_.count(edge))
        fail(pointer, "direct edge " + std::get<0>(edge) + " " + std::get<1>(edge) + " " + std::get<2>(edge) +
                          " has no positive statement");
    return g;
  }

 private:
  [[noreturn]] void fail(const std::string& pointer, std::string message) const {
    throw graph::json::error_at(path_, text_, pointer, std::move(message));
  }

  const Value& require(const Node& node, std::string_view member) const {
    const Value* v = node.find(member);
    if (!v) fail(node.pointer, "missing member \"" + std::string(member) + "\" in " + node.what);
    return *v;
  }

  std::string string(const Node& node, std::string_view member, bool required) const {
    const Value* v = required ? &require(node, member) : node.find(member);
    if (!v) return "";
    if (!v->IsString())
      fail(node.at(member), "member \"" + std::string(member) + "\" of " + node.what + " must be a string");
    return std::string(view(*v));
  }

  std::uint32_t offset(const Node& node, std::string_view member) const {
    const Value& v = require(node, member);
    if (!v.IsUint())
      fail(node.at(member), "member \"" + std::string(member) + "\" of " + node.what +
                                " must be a non-negative integer (a code point offset)");
    return v.GetUint();
  }

  graph::Span span(const Node& node) const {
    graph::Span s{offset(node, "start"), offset(node, "end")};
    if (s.end < s.start) fail(node.at("end"), "\"end\" is before \"start\" in " + node.what);
    return s;
  }

  double confidence(const Node& node) const {
    const Value& v = require(node, "confidence");
    if (!v.IsNumber() || v.GetDouble() < 0.0 || v.GetDouble() > 1.0)
      fail(node.at("confidence"), "member \"confidence\" of " + node.what + " must be a number between 0 and 1");
    return v.GetDouble();
  }

  void expect_type(const Node& node, std::string_view type) const {
    if (string(node, "@type", true) != type)
      fail(node.at("@type"), node.what + " must have \"@type\": \"" + std::string(type) + "\"");
  }

  void only_members(const Node& node, std::initializer_list<std::string_view> allowed) const {
    for (const auto& m : node.value.GetObject()) {
      const std::string_view name = view(m.name);
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
        fail(node.at(name), "unknown member \"" + std::string(name) + "\" in " + node.what);
    }
  }

  const Value& array(const Node& node, std::string_view member, std::string_view of) const {
    const Value& v = require(node, member);
    if (!v.IsArray())
      fail(node.at(member),
           "member \"" + std::string(member) + "\" of " + node.what + " must be an array of " + std::string(of));
    return v;
  }

  // Every term of newsgraph's context must be present with the same definition, except relation terms:
  // a graph written before a relation was added to the ontology lacks its term, and may, as long as it
  // does not use the relation (see relation_term). A file may add terms of its own.
  void check_context(const rapidjson::Document& doc) {
    auto it = doc.FindMember("@context");
    if (it == doc.MemberEnd()) fail("", "not a newsgraph graph: no \"@context\" (newsgraph embeds its context inline)");
    const Value& theirs = it->value;
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
  void relation_term(const std::string& pointer, const std::string& relation) const {
    if (!relation_terms_.count(relation))
      fail(pointer, "the relation '" + relation + "' is used but the file's \"@context\" does not define it");
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

  // Checks "@id" against the IRI the writer derives from "identifier"; returns the identifier.
  std::string identity(Node& node, std::string_view kind, std::string (*iri)(std::string_view),
                       std::map<std::string, std::string, std::less<>>& ids) const {
    const std::string id = string(node, "identifier", true);
    if (id.empty()) fail(node.at("identifier"), "empty \"identifier\" in " + node.what);
    node.what = std::string(kind) + " '" + id + "'";
    const std::string at = string(node, "@id", true);
    if (at != iri(id)) fail(node.at("@id"), "\"@id\" of " + node.what + " must be \"" + iri(id) + "\"");
    if (!ids.emplace(at, id).second) fail(node.at("@id"), "a second node with \"@id\": \"" + at + "\"");
    return id;
  }

  std::string document_ref(const Node& node, std::string_view member) const {
    const std::string iri = string(node, member, true);
    auto it = documents_.find(iri);
    if (it == documents_.end()) fail(node.at(member), node.what + " names an unknown document '" + iri + "'");
    return it->second;
  }

  std::string entity_ref(const Node& node, std::string_view member, const Value& v, const std::string& pointer) const {
    if (!v.IsString())
      fail(pointer, "member \"" + std::string(member) + "\" of " + node.what + " must be an entity IRI string");
    auto it = entities_.find(view(v));
    if (it == entities_.end()) fail(pointer, node.what + " names an unknown entity '" + std::string(view(v)) + "'");
    return it->second;
  }

  graph::Document read_document(Node& node) {
    only_members(node, {"@id", "@type", "identifier", "datePublished", "headline"});
    graph::Document d;
    d.id = identity(node, "document", document_iri, documents_);
    d.date = string(node, "datePublished", false);
    d.headline = string(node, "headline", false);
    return d;
  }

  void declare_entity(Node& node) { identity(node, "entity", entity_iri, entities_); }

  graph::Entity read_entity(Node& node) {
    graph::Entity e;
    e.id = string(node, "identifier", true);
    e.type = *graph::parse_entity_type(string(node, "@type", true));
    const auto& ontology = graph::Ontology::builtin();
    for (const auto& m : node.value.GetObject()) {
      const std::string name(view(m.name));
      const std::string pointer = node.at(name);
      if (name == "@id" || name == "@type" || name == "identifier") continue;
      if (name == "name") {
        if (!m.value.IsObject())
          fail(pointer, "member \"name\" of " + node.what + " must be an object {\"ar\": ..., \"en\": ...}");
        Node names{m.value, pointer, "the name of " + node.what};
        only_members(names, {"ar", "en"});
        e.name_ar = string(names, "ar", false);
        e.name_en = string(names, "en", false);
      } else if (name == "alternateName") {
        const Value& list = array(node, name, "strings");
        for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
          if (!list[i].IsString()) fail(pointer + "/" + std::to_string(i), "an alternate name must be a string");
          e.aliases.emplace_back(view(list[i]));
        }
      } else if (name == "sameAs") {
        const std::string iri = string(node, name, true);
        if (iri.compare(0, kWikidataPrefix.size(), kWikidataPrefix) != 0 || iri.size() == kWikidataPrefix.size())
          fail(pointer,
               "\"sameAs\" of " + node.what + " must be a Wikidata IRI \"" + std::string(kWikidataPrefix) + "Q...\"");
        e.wikidata = iri.substr(kWikidataPrefix.size());
      } else if (name == "confidence") {
        e.confidence = confidence(node);
      } else if (name == "mention") {
        const Value& list = array(node, name, "mention nodes");
        for (rapidjson::SizeType i = 0; i < list.Size(); ++i)
          e.mentions.push_back(read_mention(node, list[i], pointer + "/" + std::to_string(i)));
      } else if (ontology.relation(name)) {
        relation_term(pointer, name);
        const Value& list = array(node, name, "entity IRIs");
        for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
          const std::string at = pointer + "/" + std::to_string(i);
          direct_edges_.emplace(std::make_tuple(e.id, name, entity_ref(node, name, list[i], at)), at);
        }
      } else {
        const std::string suggestion = ontology.suggest_relation(name);
        fail(pointer, "unknown member \"" + name + "\" in " + node.what +
                          (suggestion.empty() ? std::string(" (neither a property nor a relation)")
                                              : " (did you mean the relation '" + suggestion + "'?)"));
      }
    }
    require(node, "confidence");
    return e;
  }

  graph::Mention read_mention(const Node& owner, const Value& v, const std::string& pointer) const {
    if (!v.IsObject()) fail(pointer, "a mention of " + owner.what + " must be an object");
    Node node{v, pointer, "a mention of " + owner.what};
    only_members(node, {"@type", "document", "text", "start", "end", "kind"});
    expect_type(node, "Mention");
    graph::Mention m;
    m.document = document_ref(node, "document");
    m.text = string(node, "text", true);
    m.span = span(node);
    const std::string kind = string(node, "kind", true);
    const auto parsed = graph::parse_mention_kind(kind);
    if (!parsed) fail(node.at("kind"), "unknown mention kind '" + kind + "' (expected name or role)");
    m.kind = *parsed;
    return m;
  }

  graph::Evidence read_evidence(const Node& owner, const Value& v, const std::string& pointer) const {
    if (!v.IsObject()) fail(pointer, "an evidence of " + owner.what + " must be an object");
    Node node{v, pointer, "an evidence of " + owner.what};
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
    node.what = "statement " + node.pointer;
    graph::Statement s;
    s.subject = entity_ref(node, "subject", require(node, "subject"), node.at("subject"));
    s.object = entity_ref(node, "object", require(node, "object"), node.at("object"));
    s.relation = string(node, "predicate", true);
    const auto& ontology = graph::Ontology::builtin();
    if (!ontology.relation(s.relation)) {
      const std::string suggestion = ontology.suggest_relation(s.relation);
      fail(node.at("predicate"), "unknown relation '" + s.relation + "'" +
                                     (suggestion.empty() ? std::string() : " (did you mean '" + suggestion + "'?)"));
    }
    relation_term(node.at("predicate"), s.relation);
    s.document = document_ref(node, "document");
    const std::string polarity = string(node, "polarity", true);
    const auto p = graph::parse_polarity(polarity);
    if (!p) fail(node.at("polarity"), "unknown polarity '" + polarity + "' (expected positive or negative)");
    s.polarity = *p;
    const std::string modality = string(node, "modality", true);
    const auto md = graph::parse_modality(modality);
    if (!md) fail(node.at("modality"), "unknown modality '" + modality + "' (expected asserted, reported or future)");
    s.modality = *md;
    s.confidence = confidence(node);
    s.cameo = string(node, "cameo", false);
    s.role = string(node, "role", false);
    s.date = string(node, "date", false);
    if (const Value* q = node.find("quantity")) {
      if (!q->IsInt64()) fail(node.at("quantity"), "member \"quantity\" of " + node.what + " must be an integer");
      s.quantity = q->GetInt64();
    }
    if (node.find("support")) {
      const Value& list = array(node, "support", "evidence nodes");
      for (rapidjson::SizeType i = 0; i < list.Size(); ++i)
        s.evidence.push_back(read_evidence(node, list[i], node.at("support") + "/" + std::to_string(i)));
    }
    // "evidence", "start" and "end" repeat the first evidence of "support" for readers that ignore it.
    if (s.evidence.empty()) {
      for (const char* member : {"evidence", "start", "end"})
        if (node.find(member))
          fail(node.at(member), "\"" + std::string(member) + "\" of " + node.what + " without \"support\"");
    } else {
      const auto& first = *std::min_element(s.evidence.begin(), s.evidence.end());
      if (string(node, "evidence", true) != first.text)
        fail(node.at("evidence"), "\"evidence\" of " + node.what + " differs from its first \"support\" text");
      if (span(node) != first.span)
        fail(node.at("start"), "\"start\"/\"end\" of " + node.what + " differ from its first \"support\" span");
    }
    if (s.polarity == graph::Polarity::Positive) positive_.emplace(s.subject, s.relation, s.object);
    return s;
  }

  using Edge = std::tuple<std::string, std::string, std::string>;  // subject id, relation, object id

  std::string_view path_;
  std::string_view text_;
  std::map<std::string, std::string, std::less<>> documents_;  // IRI -> document id
  std::map<std::string, std::string, std::less<>> entities_;   // IRI -> entity id
  std::map<Edge, std::string> direct_edges_;                   // -> JSON Pointer of the edge
  std::set<Edge> positive_;
  std::set<std::string, std::less<>> relation_terms_;  // relations the file's @context defines
};

}  // namespace

graph::KnowledgeGraph read_jsonld(std::string_view path, std::string_view text) {
  return GraphReader(path, text).read();
}

}  // namespace newsgraph::exporters
