#include "export/jsonld_writer.h"

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <stdexcept>
#include <vector>

#include "export/embedded_data.h"
#include "graph/ontology.h"

namespace newsgraph::exporters {
namespace {

// A RapidJSON output stream that hands the text to a TextSink in pieces of 64 KiB, so that a graph of
// a million statements (1.5 GB of JSON-LD) is written without ever being held in memory whole.
class ChunkedStream {
 public:
  using Ch = char;
  explicit ChunkedStream(const TextSink& sink) : sink_(sink) {}
  ChunkedStream(const ChunkedStream&) = delete;
  ChunkedStream& operator=(const ChunkedStream&) = delete;

  void Put(char c) {
    if (size_ == sizeof buffer_) Flush();
    buffer_[size_++] = c;
  }
  void Flush() {
    if (size_ == 0) return;
    sink_(std::string_view(buffer_, size_));
    size_ = 0;
  }

 private:
  const TextSink& sink_;
  std::size_t size_ = 0;
  char buffer_[64 * 1024];
};

using Writer = rapidjson::PrettyWriter<ChunkedStream>;

constexpr std::string_view kWikidataPrefix = "http://www.wikidata.org/entity/";

// RFC 3986 unreserved characters stay; every other byte becomes %XX, so that an IRI suffix can never
// contain "/", ":", "#", spaces or non-ASCII text.
std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

void key(Writer& w, std::string_view name) { w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size())); }

void string(Writer& w, std::string_view value) {
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void member(Writer& w, std::string_view name, std::string_view value) {
  key(w, name);
  string(w, value);
}

void optional_member(Writer& w, std::string_view name, std::string_view value) {
  if (!value.empty()) member(w, name, value);
}

void number(Writer& w, std::string_view name, double value) {
  if (!std::isfinite(value)) throw std::logic_error("JSON-LD writer: " + std::string(name) + " is not a finite number");
  key(w, name);
  w.Double(value);
}

void span(Writer& w, const graph::Span& span) {
  key(w, "start");
  w.Uint(span.start);
  key(w, "end");
  w.Uint(span.end);
}

// The @context is copied as it is laid out in schemas/context.jsonld (one term per line, indented for
// its place in the output), which reads far better than one line per JSON token.
void write_context(Writer& w) {
  const auto text = jsonld_context_file();
  rapidjson::Document context;
  context.Parse(text.data(), text.size());
  if (context.HasParseError() || !context.IsObject() || context.MemberCount() != 1 || !context.HasMember("@context") ||
      !context["@context"].IsObject())
    throw std::logic_error("embedded schemas/context.jsonld is not {\"@context\": {...}}");
  const auto open = text.find('{', text.find("\"@context\""));
  const auto close = text.rfind('}', text.rfind('}') - 1);
  key(w, "@context");
  w.RawValue(text.data() + open, close + 1 - open, rapidjson::kObjectType);
}

void write_metadata(Writer& w) {
  w.StartObject();
  member(w, "@type", "Dataset");
  key(w, "formatVersion");
  w.Int(kJsonLdFormatVersion);
  member(w, "generator", "newsgraph");
  w.EndObject();
}

void write_document(Writer& w, const graph::Document& d) {
  w.StartObject();
  member(w, "@id", document_iri(d.id));
  member(w, "@type", "NewsArticle");
  member(w, "identifier", d.id);
  optional_member(w, "datePublished", d.date);
  optional_member(w, "headline", d.headline);
  w.EndObject();
}

// Direct edges of one subject: relation name -> sorted object IRIs.
using DirectEdges = std::map<std::string, std::vector<std::string>, std::less<>>;

void write_entity(Writer& w, const graph::Entity& e, const DirectEdges* edges) {
  w.StartObject();
  member(w, "@id", entity_iri(e.id));
  member(w, "@type", graph::to_string(e.type));
  member(w, "identifier", e.id);
  if (!e.name_ar.empty() || !e.name_en.empty()) {
    key(w, "name");
    w.StartObject();
    optional_member(w, "ar", e.name_ar);
    optional_member(w, "en", e.name_en);
    w.EndObject();
  }
  if (!e.aliases.empty()) {
    key(w, "alternateName");
    w.StartArray();
    for (const auto& a : e.aliases) string(w, a);
    w.EndArray();
  }
  if (!e.wikidata.empty()) member(w, "sameAs", std::string(kWikidataPrefix) + e.wikidata);
  number(w, "confidence", e.confidence);
  if (!e.mentions.empty()) {
    key(w, "mention");
    w.StartArray();
    for (const auto& m : e.mentions) {
      w.StartObject();
      member(w, "@type", "Mention");
      member(w, "document", document_iri(m.document));
      member(w, "text", m.text);
      span(w, m.span);
      member(w, "kind", graph::to_string(m.kind));
      w.EndObject();
    }
    w.EndArray();
  }
  if (edges) {
    for (const auto& [relation, objects] : *edges) {
      key(w, relation);
      w.StartArray();
      for (const auto& o : objects) string(w, o);
      w.EndArray();
    }
  }
  w.EndObject();
}

void write_statement(Writer& w, const graph::Statement& s) {
  if (!graph::Ontology::builtin().relation(s.relation))
    throw std::logic_error("JSON-LD writer: statement relation '" + s.relation + "' is not in the ontology");
  w.StartObject();
  member(w, "@id", statement_iri(graph::key_of(s)));
  member(w, "@type", "Statement");
  member(w, "subject", entity_iri(s.subject));
  member(w, "predicate", s.relation);
  member(w, "object", entity_iri(s.object));
  member(w, "document", document_iri(s.document));
  if (!s.evidence.empty()) {
    member(w, "evidence", s.evidence.front().text);
    span(w, s.evidence.front().span);
  }
  member(w, "polarity", graph::to_string(s.polarity));
  member(w, "modality", graph::to_string(s.modality));
  number(w, "confidence", s.confidence);
  optional_member(w, "cameo", s.cameo);
  optional_member(w, "role", s.role);
  if (s.quantity) {
    key(w, "quantity");
    w.Int64(*s.quantity);
  }
  optional_member(w, "date", s.date);
  if (!s.evidence.empty()) {
    key(w, "support");
    w.StartArray();
    for (const auto& ev : s.evidence) {
      w.StartObject();
      member(w, "@type", "Evidence");
      member(w, "text", ev.text);
      span(w, ev.span);
      optional_member(w, "rule", ev.rule);
      number(w, "confidence", ev.confidence);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
}

}  // namespace

std::string_view jsonld_context_file() { return embedded_file("schemas/context.jsonld"); }

std::string document_iri(std::string_view document_id) { return "doc:" + percent_encode(document_id); }

std::string entity_iri(std::string_view entity_id) { return "entity:" + percent_encode(entity_id); }

std::string statement_iri(const graph::StatementKey& k) {
  // FNV-1a, 64 bits: stable across platforms and runs (std::hash is neither).
  std::uint64_t hash = 14695981039346656037ULL;
  auto feed = [&hash](std::string_view part) {
    for (unsigned char c : part) {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
  };
  feed(k.subject);
  feed("|");
  feed(k.relation);
  feed("|");
  feed(k.object);
  feed("|");
  feed(k.document);
  feed("|");
  feed(graph::to_string(k.polarity));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "stmt:";
  for (int shift = 60; shift >= 0; shift -= 4) out += kHex[(hash >> shift) & 0xF];
  return out;
}

void write_jsonld(const graph::KnowledgeGraph& graph, const TextSink& sink) {
  std::map<std::string, DirectEdges, std::less<>> direct;  // subject id -> its direct edges
  for (const auto& r : graph.relationships()) {
    if (!r.has_positive()) continue;
    direct[std::string(r.subject)][std::string(r.relation)].push_back(entity_iri(r.object));
  }
  for (auto& [subject, edges] : direct)
    for (auto& [relation, objects] : edges) std::sort(objects.begin(), objects.end());

  auto stream = std::make_unique<ChunkedStream>(sink);  // 64 KiB: not on the stack
  Writer w(*stream);
  w.SetIndent(' ', 1);
  w.StartObject();
  write_context(w);
  key(w, "@graph");
  w.StartArray();
  write_metadata(w);
  for (const auto* d : graph.documents()) write_document(w, *d);
  for (const auto* e : graph.entities()) {
    auto it = direct.find(e->id);
    write_entity(w, *e, it == direct.end() ? nullptr : &it->second);
  }
  for (const auto* s : graph.statements()) write_statement(w, *s);
  w.EndArray();
  w.EndObject();
  if (!w.IsComplete()) throw std::logic_error("JSON-LD writer produced an incomplete document");
  stream->Put('\n');
  stream->Flush();
}

std::string write_jsonld(const graph::KnowledgeGraph& graph) {
  std::string out;
  write_jsonld(graph, [&out](std::string_view piece) { out += piece; });
  return out;
}

std::size_t count_triples(const graph::KnowledgeGraph& graph) {
  std::size_t n = 3;  // the metadata node: type, formatVersion, generator
  for (const auto* d : graph.documents())
    n += 2 + !d->date.empty() + !d->headline.empty();  // type, identifier, datePublished?, headline?
  for (const auto* e : graph.entities()) {
    // type, identifier, confidence, name@ar?, name@en?, sameAs?, one per alias
    n += 3 + !e->name_ar.empty() + !e->name_en.empty() + !e->wikidata.empty() + e->aliases.size();
    n += 7 * e->mentions.size();  // link + type, document, text, start, end, kind
  }
  for (const auto& r : graph.relationships()) n += r.has_positive();  // one direct edge per (s, r, o)
  for (const auto* s : graph.statements()) {
    // type, subject, predicate, object, document, polarity, modality, confidence
    n += 8 + !s->cameo.empty() + !s->role.empty() + s->quantity.has_value() + !s->date.empty();
    if (!s->evidence.empty()) n += 3;                              // evidence, start, end of the first evidence
    for (const auto& ev : s->evidence) n += 6 + !ev.rule.empty();  // link + type, text, start, end, confidence, rule?
  }
  return n;
}

}  // namespace newsgraph::exporters
