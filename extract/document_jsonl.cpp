// JSON Lines of articles and of per-document graphs (see extract/document_jsonl.h), with RapidJSON.
#include "extract/document_jsonl.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <set>
#include <stdexcept>

#include "extract/document_extractor.h"
#include "graph/diagnostic.h"
#include "graph/json_input.h"
#include "graph/ontology.h"

namespace newsgraph::extract {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void key(Writer& w, std::string_view k) { w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); }
void string(Writer& w, std::string_view v) { w.String(v.data(), static_cast<rapidjson::SizeType>(v.size())); }
void member(Writer& w, std::string_view k, std::string_view v) {
  key(w, k);
  string(w, v);
}
void number(Writer& w, std::string_view k, double v) {
  if (!std::isfinite(v)) throw std::logic_error("JSON Lines writer: " + std::string(k) + " is not a finite number");
  key(w, k);
  w.Double(v);
}
void span(Writer& w, const graph::Span& s) {
  key(w, "start");
  w.Uint(s.start);
  key(w, "end");
  w.Uint(s.end);
}

// Reads members of one parsed line, turning every violation into an InputError at path:line:column.
class LineReader {
 public:
  LineReader(std::string_view path, std::size_t line_number, std::string_view text)
      : path_(path), line_number_(line_number), text_(text) {}

  // The same checks as every JSON file (graph::json::parse: UTF-8, nesting depth, lone surrogates,
  // syntax), reported at this line of the file.
  const rapidjson::Document& parse(rapidjson::Document& doc) const {
    try {
      doc = graph::json::parse(path_, text_, graph::json::Numbers::FullPrecision);
    } catch (const graph::InputError& e) {
      auto d = e.diagnostic();
      d.line = line_number_;
      if (d.byte_offset && d.message.starts_with("invalid UTF-8")) {
        d.message += " of the line";  // the offset counts from the line start, not the file start
        d.byte_offset.reset();
      }
      if (d.source_line.size() > 240) d.source_line.clear();
      throw graph::InputError(std::move(d));
    }
    if (!doc.IsObject()) fail("", "expected a JSON object on this line");
    return doc;
  }

  [[noreturn]] void fail(const std::string& pointer, std::string message) const {
    const std::size_t offset = graph::json::locate(text_, pointer);
    std::size_t len = 0;
    while (offset + len < text_.size() && len < 40) ++len;
    throw at(offset, std::move(message), len);
  }

  const rapidjson::Value* find(const rapidjson::Value& object, const char* name) const {
    auto it = object.FindMember(name);
    return it == object.MemberEnd() ? nullptr : &it->value;
  }
  const rapidjson::Value& required(const rapidjson::Value& object, const std::string& pointer, const char* name) const {
    const auto* v = find(object, name);
    if (!v) fail(pointer, std::string("missing member \"") + name + "\"");
    return *v;
  }
  std::string string(const rapidjson::Value& object, const std::string& pointer, const char* name, bool needed) const {
    const auto* v = needed ? &required(object, pointer, name) : find(object, name);
    if (!v) return {};
    if (!v->IsString()) fail(pointer + "/" + name, std::string("\"") + name + "\" must be a string");
    return {v->GetString(), v->GetStringLength()};
  }
  double number(const rapidjson::Value& object, const std::string& pointer, const char* name) const {
    const auto& v = required(object, pointer, name);
    if (!v.IsNumber()) fail(pointer + "/" + name, std::string("\"") + name + "\" must be a number");
    return v.GetDouble();
  }
  std::uint32_t offset(const rapidjson::Value& object, const std::string& pointer, const char* name) const {
    const auto& v = required(object, pointer, name);
    if (!v.IsUint()) fail(pointer + "/" + name, std::string("\"") + name + "\" must be a code point offset (0 or more)");
    return v.GetUint();
  }
  graph::Span span(const rapidjson::Value& object, const std::string& pointer) const {
    graph::Span s{offset(object, pointer, "start"), offset(object, pointer, "end")};
    if (s.end < s.start) fail(pointer + "/end", "\"end\" is before \"start\"");
    return s;
  }
  const rapidjson::Value::ConstArray array(const rapidjson::Value& object, const std::string& pointer,
                                           const char* name) const {
    static const rapidjson::Value empty(rapidjson::kArrayType);
    const auto* v = find(object, name);
    if (!v) return empty.GetArray();
    if (!v->IsArray()) fail(pointer + "/" + name, std::string("\"") + name + "\" must be an array");
    return v->GetArray();
  }
  const rapidjson::Value& object(const rapidjson::Value& v, const std::string& pointer) const {
    if (!v.IsObject()) fail(pointer, "expected an object");
    return v;
  }

 private:
  graph::InputError at(std::size_t offset, std::string message, std::size_t len) const {
    auto d = graph::diagnose_at(path_, text_, offset, std::move(message), len);
    d.line = line_number_;
    if (d.source_line.size() > 240) d.source_line.clear();  // a whole article: the quoted fragment says enough
    return graph::InputError(std::move(d));
  }

  std::string_view path_;
  std::size_t line_number_;
  std::string_view text_;
};

std::string index_pointer(const std::string& base, std::size_t i) { return base + "/" + std::to_string(i); }

}  // namespace

Article parse_article_line(std::string_view path, std::size_t line_number, std::string_view line) {
  LineReader r(path, line_number, line);
  rapidjson::Document doc;
  r.parse(doc);
  Article a;
  a.id = r.string(doc, "", "id", true);
  if (a.id.empty()) r.fail("/id", "\"id\" must not be empty");
  a.date = r.string(doc, "", "date", false);
  if (!a.date.empty()) {
    const bool ok = a.date.size() == 10 && a.date[4] == '-' && a.date[7] == '-' &&
                    a.date.find_first_not_of("0123456789-") == std::string::npos;
    if (!ok) r.fail("/date", "expected a date as YYYY-MM-DD");
  }
  a.text = r.string(doc, "", "text", true);
  return a;
}

ExtractedLine extract_article_line(const DocumentExtractor& extractor, std::string_view path,
                                   std::size_t line_number, std::string_view line, const std::string& default_date) {
  const Article article = parse_article_line(path, line_number, line);
  try {
    const ExtractOptions options{article.date.empty() ? default_date : article.date};
    return {article.id, document_graph_line(extractor.extract(article.id, article.text, options))};
  } catch (const graph::InputError& e) {
    // The extractor names the article and counts in its text: say which line holds it.
    auto d = e.diagnostic();
    std::string where;
    if (d.line > 0) where = " (line " + std::to_string(d.line) + ", column " + std::to_string(d.column) + " of its text)";
    else if (d.byte_offset) where = " (byte " + std::to_string(*d.byte_offset) + " of its text)";
    d.message = "article '" + article.id + "'" + where + ": " + d.message;
    d.path = std::string(path);
    d.line = line_number;
    d.column = 1;
    d.byte_offset.reset();
    d.source_line.clear();
    throw graph::InputError(std::move(d));
  }
}

std::string article_line(const Article& article) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  member(w, "id", article.id);
  if (!article.date.empty()) member(w, "date", article.date);
  member(w, "text", article.text);
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

std::string document_graph_line(const graph::DocumentGraph& dg) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  const std::string& doc_id = dg.document.id;
  w.StartObject();
  key(w, "document");
  w.StartObject();
  member(w, "id", doc_id);
  member(w, "date", dg.document.date);
  member(w, "headline", dg.document.headline);
  w.EndObject();

  key(w, "entities");
  w.StartArray();
  for (const auto& e : dg.entities) {
    w.StartObject();
    member(w, "id", e.id);
    member(w, "type", graph::to_string(e.type));
    member(w, "name_ar", e.name_ar);
    member(w, "name_en", e.name_en);
    key(w, "aliases");
    w.StartArray();
    for (const auto& a : e.aliases) string(w, a);
    w.EndArray();
    member(w, "wikidata", e.wikidata);
    number(w, "confidence", e.confidence);
    key(w, "mentions");
    w.StartArray();
    for (const auto& m : e.mentions) {
      w.StartObject();
      if (m.document != doc_id) member(w, "document", m.document);
      span(w, m.span);
      member(w, "text", m.text);
      member(w, "kind", graph::to_string(m.kind));
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();

  key(w, "statements");
  w.StartArray();
  for (const auto& s : dg.statements) {
    w.StartObject();
    member(w, "subject", s.subject);
    member(w, "relation", s.relation);
    member(w, "object", s.object);
    if (s.document != doc_id) member(w, "document", s.document);
    member(w, "polarity", graph::to_string(s.polarity));
    member(w, "modality", graph::to_string(s.modality));
    number(w, "confidence", s.confidence);
    member(w, "cameo", s.cameo);
    member(w, "role", s.role);
    if (s.quantity) {
      key(w, "quantity");
      w.Int64(*s.quantity);
    }
    member(w, "date", s.date);
    key(w, "evidence");
    w.StartArray();
    for (const auto& ev : s.evidence) {
      w.StartObject();
      span(w, ev.span);
      member(w, "text", ev.text);
      member(w, "rule", ev.rule);
      number(w, "confidence", ev.confidence);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

graph::DocumentGraph parse_document_graph_line(std::string_view path, std::size_t line_number, std::string_view line) {
  LineReader r(path, line_number, line);
  rapidjson::Document doc;
  r.parse(doc);
  graph::DocumentGraph dg;
  const auto& d = r.object(r.required(doc, "", "document"), "/document");
  dg.document.id = r.string(d, "/document", "id", true);
  if (dg.document.id.empty()) r.fail("/document/id", "\"id\" must not be empty");
  dg.document.date = r.string(d, "/document", "date", false);
  dg.document.headline = r.string(d, "/document", "headline", false);

  std::set<std::string, std::less<>> entity_ids;
  const auto entities = r.array(doc, "", "entities");
  for (rapidjson::SizeType i = 0; i < entities.Size(); ++i) {
    const std::string p = index_pointer("/entities", i);
    const auto& v = r.object(entities[i], p);
    graph::Entity e;
    e.id = r.string(v, p, "id", true);
    if (e.id.empty()) r.fail(p + "/id", "\"id\" must not be empty");
    const auto type = graph::parse_entity_type(r.string(v, p, "type", true));
    if (!type) r.fail(p + "/type", "unknown entity type (expected Person, Organization, Country or Place)");
    e.type = *type;
    e.name_ar = r.string(v, p, "name_ar", false);
    e.name_en = r.string(v, p, "name_en", false);
    const auto aliases = r.array(v, p, "aliases");
    for (rapidjson::SizeType k = 0; k < aliases.Size(); ++k) {
      if (!aliases[k].IsString()) r.fail(index_pointer(p + "/aliases", k), "an alias must be a string");
      e.aliases.emplace_back(aliases[k].GetString(), aliases[k].GetStringLength());
    }
    e.wikidata = r.string(v, p, "wikidata", false);
    e.confidence = r.number(v, p, "confidence");
    const auto mentions = r.array(v, p, "mentions");
    for (rapidjson::SizeType k = 0; k < mentions.Size(); ++k) {
      const std::string mp = index_pointer(p + "/mentions", k);
      const auto& mv = r.object(mentions[k], mp);
      graph::Mention m;
      m.document = r.find(mv, "document") ? r.string(mv, mp, "document", true) : dg.document.id;
      m.span = r.span(mv, mp);
      m.text = r.string(mv, mp, "text", true);
      const auto kind = graph::parse_mention_kind(r.string(mv, mp, "kind", true));
      if (!kind) r.fail(mp + "/kind", "unknown mention kind (expected name or role)");
      m.kind = *kind;
      e.mentions.push_back(std::move(m));
    }
    entity_ids.insert(e.id);
    dg.entities.push_back(std::move(e));
  }

  const auto& ontology = graph::Ontology::builtin();
  const auto statements = r.array(doc, "", "statements");
  for (rapidjson::SizeType i = 0; i < statements.Size(); ++i) {
    const std::string p = index_pointer("/statements", i);
    const auto& v = r.object(statements[i], p);
    graph::Statement s;
    s.subject = r.string(v, p, "subject", true);
    if (!entity_ids.count(s.subject)) r.fail(p + "/subject", "subject '" + s.subject + "' is not an entity of this line");
    s.relation = r.string(v, p, "relation", true);
    if (!ontology.relation(s.relation)) r.fail(p + "/relation", "relation '" + s.relation + "' is not in the ontology");
    s.object = r.string(v, p, "object", true);
    if (!entity_ids.count(s.object)) r.fail(p + "/object", "object '" + s.object + "' is not an entity of this line");
    s.document = r.find(v, "document") ? r.string(v, p, "document", true) : dg.document.id;
    const auto polarity = graph::parse_polarity(r.string(v, p, "polarity", true));
    if (!polarity) r.fail(p + "/polarity", "unknown polarity");
    s.polarity = *polarity;
    const auto modality = graph::parse_modality(r.string(v, p, "modality", true));
    if (!modality) r.fail(p + "/modality", "unknown modality");
    s.modality = *modality;
    s.confidence = r.number(v, p, "confidence");
    s.cameo = r.string(v, p, "cameo", false);
    s.role = r.string(v, p, "role", false);
    if (const auto* q = r.find(v, "quantity")) {
      if (!q->IsInt64()) r.fail(p + "/quantity", "\"quantity\" must be an integer");
      s.quantity = q->GetInt64();
    }
    s.date = r.string(v, p, "date", false);
    const auto evidence = r.array(v, p, "evidence");
    for (rapidjson::SizeType k = 0; k < evidence.Size(); ++k) {
      const std::string ep = index_pointer(p + "/evidence", k);
      const auto& ev = r.object(evidence[k], ep);
      graph::Evidence e;
      e.span = r.span(ev, ep);
      e.text = r.string(ev, ep, "text", true);
      e.rule = r.string(ev, ep, "rule", false);
      e.confidence = r.number(ev, ep, "confidence");
      s.evidence.push_back(std::move(e));
    }
    dg.statements.push_back(std::move(s));
  }
  return dg;
}

}  // namespace newsgraph::extract
