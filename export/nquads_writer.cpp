#include "export/nquads_writer.h"

#include <rapidjson/document.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <stdexcept>

#include "export/jsonld_writer.h"
#include "graph/ontology.h"

namespace newsgraph::exporters {
namespace {

// The @context's terms, each mapped to its expanded IRI ("entity" -> "https://w3id.org/newsgraph/entity/",
// "demands" -> "https://w3id.org/newsgraph/vocab#demands"): the single source of every IRI written here.
class ContextTerms {
 public:
  static const ContextTerms& builtin() {
    static const ContextTerms terms;
    return terms;
  }

  // "prefix:suffix" or a term name, expanded; throws std::logic_error on a name the context lacks.
  std::string expand(std::string_view name) const {
    if (auto it = iris_.find(name); it != iris_.end()) return it->second;
    const auto colon = name.find(':');
    if (colon != std::string_view::npos) {
      if (auto it = iris_.find(name.substr(0, colon)); it != iris_.end())
        return it->second + std::string(name.substr(colon + 1));
    }
    throw std::logic_error("N-Quads writer: '" + std::string(name) + "' is not defined by schemas/context.jsonld");
  }

 private:
  ContextTerms() {
    const auto text = jsonld_context_file();
    rapidjson::Document doc;
    doc.Parse(text.data(), text.size());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("@context") || !doc["@context"].IsObject())
      throw std::logic_error("embedded schemas/context.jsonld is not {\"@context\": {...}}");
    std::map<std::string, std::string, std::less<>> raw;
    for (const auto& m : doc["@context"].GetObject()) {
      if (m.value.IsString()) raw[m.name.GetString()] = m.value.GetString();
      else if (m.value.IsObject() && m.value.HasMember("@id") && m.value["@id"].IsString())
        raw[m.name.GetString()] = m.value["@id"].GetString();
    }
    // Prefixes are absolute IRIs; every other term is "prefix:suffix" of one of them.
    for (const auto& [term, value] : raw) {
      const auto colon = value.find(':');
      auto prefix = raw.find(std::string_view(value).substr(0, colon));
      if (colon != std::string::npos && prefix != raw.end() && value.compare(colon, 3, "://") != 0)
        iris_[term] = prefix->second + value.substr(colon + 1);
      else
        iris_[term] = value;
    }
  }

  std::map<std::string, std::string, std::less<>> iris_;
};

std::string iri(std::string_view absolute) { return "<" + std::string(absolute) + ">"; }

constexpr std::string_view kRdfType = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
constexpr std::string_view kXsd = "http://www.w3.org/2001/XMLSchema#";

// Writes "<s> <p> <o> .\n" lines; subject and object are written as given (an IRI in <>, a blank node
// label or a literal), predicates are context terms.
class TripleWriter {
 public:
  explicit TripleWriter(std::ostream& out) : out_(out), terms_(ContextTerms::builtin()) {}

  void triple(std::string_view subject, std::string_view term, std::string_view object) {
    out_ << subject << ' ' << iri(terms_.expand(term)) << ' ' << object << " .\n";
  }
  void type(std::string_view subject, std::string_view type_term) {
    out_ << subject << ' ' << kRdfType << ' ' << iri(terms_.expand(type_term)) << " .\n";
  }
  void string(std::string_view subject, std::string_view term, std::string_view value) {
    triple(subject, term, nquads_string_literal(value));
  }
  void optional_string(std::string_view subject, std::string_view term, std::string_view value) {
    if (!value.empty()) string(subject, term, value);
  }
  void language(std::string_view subject, std::string_view term, std::string_view value, std::string_view tag) {
    triple(subject, term, nquads_string_literal(value) + "@" + std::string(tag));
  }
  void typed(std::string_view subject, std::string_view term, std::string_view lexical, std::string_view xsd_type) {
    triple(subject, term, nquads_string_literal(lexical) + "^^<" + std::string(kXsd) + std::string(xsd_type) + ">");
  }
  void integer(std::string_view subject, std::string_view term, std::int64_t value) {
    typed(subject, term, std::to_string(value), "integer");
  }
  void number(std::string_view subject, std::string_view term, double value) {
    if (!std::isfinite(value))
      throw std::logic_error("N-Quads writer: " + std::string(term) + " is not a finite number");
    typed(subject, term, canonical_double(value), "double");
  }
  void link(std::string_view subject, std::string_view term, std::string_view compact_iri) {
    triple(subject, term, node(compact_iri));
  }
  void span(std::string_view subject, const graph::Span& span) {
    integer(subject, "start", span.start);
    integer(subject, "end", span.end);
  }
  // A compact IRI of write_jsonld as an N-Quads IRI.
  std::string node(std::string_view compact_iri) const { return iri(terms_.expand(compact_iri)); }

 private:
  std::ostream& out_;
  const ContextTerms& terms_;
};

}  // namespace

std::string nquads_string_literal(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "\"";
  out.reserve(text.size() + 2);
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

std::string canonical_double(double value) {
  if (!std::isfinite(value)) throw std::logic_error("canonical_double: not a finite number");
  // JavaScript's value.toExponential(15) with the trailing zeros of the mantissa dropped (one kept).
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.15e", value);
  const std::string text(buffer);
  const auto e = text.find('e');
  std::string mantissa = text.substr(0, e);
  while (mantissa.size() > 1 && mantissa.back() == '0' && mantissa[mantissa.size() - 2] != '.') mantissa.pop_back();
  const int exponent = std::stoi(text.substr(e + 1));
  return mantissa + "E" + std::to_string(exponent);
}

std::string expand_iri(std::string_view compact) { return ContextTerms::builtin().expand(compact); }

void write_nquads(const graph::KnowledgeGraph& graph, std::ostream& out) {
  TripleWriter w(out);
  // The metadata node (a blank node in the JSON-LD too).
  w.type("_:meta", "Dataset");
  w.integer("_:meta", "formatVersion", kJsonLdFormatVersion);
  w.string("_:meta", "generator", "newsgraph");

  for (const auto* d : graph.documents()) {
    const auto s = w.node(document_iri(d->id));
    w.type(s, "NewsArticle");
    w.string(s, "identifier", d->id);
    if (!d->date.empty()) w.typed(s, "datePublished", d->date, "date");
    w.optional_string(s, "headline", d->headline);
  }

  std::size_t mention_count = 0;
  for (const auto* e : graph.entities()) {
    const auto s = w.node(entity_iri(e->id));
    w.type(s, graph::to_string(e->type));
    w.string(s, "identifier", e->id);
    if (!e->name_ar.empty()) w.language(s, "name", e->name_ar, "ar");
    if (!e->name_en.empty()) w.language(s, "name", e->name_en, "en");
    for (const auto& a : e->aliases) w.language(s, "alternateName", a, "ar");
    if (!e->wikidata.empty()) w.triple(s, "sameAs", iri("http://www.wikidata.org/entity/" + e->wikidata));
    w.number(s, "confidence", e->confidence);
    for (const auto& m : e->mentions) {
      const auto b = "_:m" + std::to_string(mention_count++);
      w.triple(s, "mention", b);
      w.type(b, "Mention");
      w.link(b, "document", document_iri(m.document));
      w.string(b, "text", m.text);
      w.span(b, m.span);
      w.string(b, "kind", graph::to_string(m.kind));
    }
  }
  // A direct edge per (subject, relation, object) that has a positive statement.
  for (const auto& r : graph.relationships())
    if (r.has_positive()) w.link(w.node(entity_iri(r.subject)), r.relation, entity_iri(r.object));

  std::size_t evidence_count = 0;
  for (const auto* st : graph.statements()) {
    if (!graph::Ontology::builtin().relation(st->relation))
      throw std::logic_error("N-Quads writer: statement relation '" + st->relation + "' is not in the ontology");
    const auto s = w.node(statement_iri(graph::key_of(*st)));
    w.type(s, "Statement");
    w.link(s, "subject", entity_iri(st->subject));
    w.triple(s, "predicate", w.node(st->relation));
    w.link(s, "object", entity_iri(st->object));
    w.link(s, "document", document_iri(st->document));
    if (!st->evidence.empty()) {
      w.string(s, "evidence", st->evidence.front().text);
      w.span(s, st->evidence.front().span);
    }
    w.string(s, "polarity", graph::to_string(st->polarity));
    w.string(s, "modality", graph::to_string(st->modality));
    w.number(s, "confidence", st->confidence);
    w.optional_string(s, "cameo", st->cameo);
    w.optional_string(s, "role", st->role);
    if (st->quantity) w.integer(s, "quantity", *st->quantity);
    if (!st->date.empty()) w.typed(s, "date", st->date, "date");
    for (const auto& ev : st->evidence) {
      const auto b = "_:e" + std::to_string(evidence_count++);
      w.triple(s, "support", b);
      w.type(b, "Evidence");
      w.string(b, "text", ev.text);
      w.span(b, ev.span);
      w.optional_string(b, "rule", ev.rule);
      w.number(b, "confidence", ev.confidence);
    }
  }
}

std::string write_nquads(const graph::KnowledgeGraph& graph) {
  std::ostringstream out;
  write_nquads(graph, out);
  return out.str();
}

}  // namespace newsgraph::exporters
