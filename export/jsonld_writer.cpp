#include "export/jsonld_writer.h"

#include <rapidjson/document.h>
#include <rapidjson/internal/dtoa.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <vector>

#include "export/embedded_data.h"
#include "graph/ontology.h"

namespace newsgraph::exporters {
namespace {

// The bytes RapidJSON escapes in a string: '"', '\\' and the control characters below 0x20.
constexpr bool needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// A JSON key written in newsgraph's source: checked at compile time for the characters JSON escapes, so
// that the writer copies it as it is (keys are a third of the strings of a graph's JSON-LD).
struct Literal {
  consteval Literal(const char* name) : text(name) {  // NOLINT: implicit, from a string literal
    for (const char c : text)
      if (needs_escape(static_cast<unsigned char>(c))) throw "a JSON key literal needs escaping";
  }
  std::string_view text;
};

// Pretty-printed JSON appended to a std::string: byte for byte what rapidjson::PrettyWriter with an
// indent of one space writes, which is the layout of every JSON-LD file newsgraph has written
// (tests/golden, and the streaming reader of jsonld_reader.cpp expects one node of @graph per "  {").
// PrettyWriter puts the text character by character through its stream and checks a level stack on
// every token; here each token makes room once and is copied in (rapidjson's own PutReserve/PutUnsafe
// idea), which takes a third of the writer's instructions.
//
// Layout, as PrettyWriter's: a key or an array element starts a line indented by the depth of its
// container (",\n" before all but the first), a key is followed by ": ", and a non-empty container
// closes on its own line indented by its own depth; an empty one is "{}" or "[]".
class PrettyJson {
 public:
  // The kinds of the containers that are open where the text starts (outermost first), each already
  // holding at least one value: PrettyJson(out, {}) starts a document, PrettyJson(out, {Object, Array})
  // continues after an element of an array that is a member of the root object.
  enum Container : bool { Object = false, Array = true };
  PrettyJson(std::string& out, std::initializer_list<Container> open) : out_(out), used_(out.size()) {
    for (auto kind : open) levels_[depth_++] = {kind, true};
  }
  // Cuts `out` to the text written (it grows ahead in large steps).
  ~PrettyJson() { out_.resize(used_); }
  PrettyJson(const PrettyJson&) = delete;
  PrettyJson& operator=(const PrettyJson&) = delete;

  // A key known when newsgraph is compiled: written with one copy, as it needs no escaping (checked then).
  void key(Literal name) {
    finish(put_key(name, 0));
    after_key_ = true;
  }
  // A key known only at run time (a relation name from the ontology): escaped as any string.
  void escaped_key(std::string_view name) {
    element_prefix();
    append_string(name);
    room(2);
    put(": ");
    after_key_ = true;
  }
  void string(std::string_view value) {
    value_prefix();
    append_string(value);
  }
  // The members below write their key and value into one room (a member is most of what the writer
  // writes: two room checks and a branch on after_key_ per member were a tenth of its instructions).
  void member(Literal name, std::string_view value) {
    finish(put_string(put_key(name, 2 + 6 * value.size()), value));
  }
  void optional_member(Literal name, std::string_view value) {
    if (!value.empty()) member(name, value);
  }
  // "name": "<prefix><percent-encoded id>", without building the IRI as a string first. The
  // percent-encoded text never needs JSON escaping; the prefixes are plain ASCII.
  void iri_member(Literal name, std::string_view prefix, std::string_view id) {
    char* at = put_key(name, 2 + prefix.size() + 3 * id.size());
    *at++ = '"';
    at = put_bytes(at, prefix);
    at = percent_encode(id, at);
    *at++ = '"';
    finish(at);
  }
  // "name": "<prefix><16 lower-case hex digits of value>" (a statement's IRI, without a string built first).
  void hex_iri_member(Literal name, std::string_view prefix, std::uint64_t value) {
    char* at = put_key(name, prefix.size() + 18);
    *at++ = '"';
    at = put_bytes(at, prefix);
    put_hex(value, at);
    at += 16;
    *at++ = '"';
    finish(at);
  }
  // Writes the 16 lower-case hex digits of `value` at `at`.
  static void put_hex(std::uint64_t value, char* at) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (int k = 15; k >= 0; --k, value >>= 4) at[k] = kHex[value & 0xF];
  }
  void number(Literal name, double value) {
    if (!std::isfinite(value)) throw std::logic_error("JSON-LD writer: " + std::string(name.text) + " is not a finite number");
    // RapidJSON's own shortest round-trip formatting (Grisu2, "1.0" for one), so the digits are those of
    // every file written before; std::to_chars would write "1". At most 25 characters.
    char* at = put_key(name, 32);
    finish(rapidjson::internal::dtoa(value, at));
  }
  template <typename Integer>
  void integer(Literal name, Integer value) {
    char* at = put_key(name, 24);
    finish(std::to_chars(at, at + 24, value).ptr);
  }
  // Text that is already JSON (the @context), copied as it is.
  void raw(std::string_view json) {
    value_prefix();
    room(json.size());
    put(json);
  }

  void start_object() { open('{', Object); }
  void end_object() { close('}'); }
  void start_array() { open('[', Array); }
  void end_array() { close(']'); }

  // RFC 3986 unreserved characters stay; every other byte becomes %XX, so that an IRI suffix can never
  // contain "/", ":", "#", spaces or non-ASCII text.
  static void append_percent_encoded(std::string& out, std::string_view text) {
    const auto size = out.size();
    out.resize(size + 3 * text.size());
    char* end = percent_encode(text, out.data() + size);
    out.resize(static_cast<std::size_t>(end - out.data()));
  }

 private:
  struct Level {
    Container kind = Object;
    bool has_values = false;
  };

  // Makes room for the separator, indentation and `name` as a key, and `value_room` bytes after it;
  // writes the key and returns where its value goes.
  char* put_key(Literal name, std::size_t value_room) {
    char* at = put_break(room(kBreakCopy + name.text.size() + 4 + value_room));
    *at++ = '"';
    at = put_bytes(at, name.text);
    std::memcpy(at, "\": ", 3);
    return at + 3;
  }
  // The text now ends at `at` (inside the room made for it).
  void finish(const char* at) { used_ = static_cast<std::size_t>(at - out_.data()); }
  static char* put_bytes(char* at, std::string_view text) {
    if (!text.empty()) std::memcpy(at, text.data(), text.size());  // (a null data() is not for memcpy)
    return at + text.size();
  }

  // Makes room for `n` more bytes and returns where they go; put() then writes within that room.
  // resize() zero-fills what it adds, so it adds a bounded step (the string's capacity still grows
  // geometrically underneath).
  char* room(std::size_t n) {
    if (out_.size() - used_ < n) out_.resize(used_ + std::max<std::size_t>(n, 64 * 1024));
    return out_.data() + used_;
  }
  void put(char c) { out_[used_++] = c; }
  void put(std::string_view text) {
    // An empty view may carry a null data(), and memcpy from null is undefined even for 0 bytes.
    if (text.empty()) return;
    std::memcpy(out_.data() + used_, text.data(), text.size());
    used_ += text.size();
  }

  // Before a key, or before an element of an array: the separator and the indentation.
  void element_prefix() { finish(put_break(room(kBreakCopy))); }
  // Writes the separator and indentation before a key or an array element at `at` (room for kBreakCopy
  // bytes) and returns its end. The copy is always kBreakCopy bytes, a fixed-size move the compiler does
  // in line, of which the next 2 + depth (or, first in its container, 1 + depth) count.
  char* put_break(char* at) {
    Level& level = levels_[depth_ - 1];
    const std::size_t skip = level.has_values ? 0 : 1;
    std::memcpy(at, kBreak.data() + skip, kBreakCopy);
    level.has_values = true;
    return at + 2 + depth_ - skip;
  }
  // Before any value: nothing after a key or at the root, else what an array element needs.
  void value_prefix() {
    if (after_key_) {
      after_key_ = false;
    } else if (depth_ > 0) {
      element_prefix();
    }
  }
  void open(char bracket, Container kind) {
    value_prefix();
    if (depth_ == kMaxDepth) throw std::logic_error("JSON-LD writer: nesting deeper than " + std::to_string(kMaxDepth));
    room(1);
    put(bracket);
    levels_[depth_++] = {kind, false};
  }
  void close(char bracket) {
    const bool empty = !levels_[--depth_].has_values;
    char* at = room(kBreakCopy + 1);
    if (!empty) {
      std::memcpy(at, kBreak.data() + 1, kBreakCopy);
      at += 1 + depth_;
    }
    *at++ = bracket;
    finish(at);
  }
  // RapidJSON's escaping: '"', '\\' and the control characters below 0x20 (\b \t \n \f \r by name, the
  // others as \u00XX with upper-case digits); every other byte, UTF-8 or not, is copied as it is.
  void append_string(std::string_view text) { finish(put_string(room(2 + 6 * text.size()), text)); }
  // Writes `text` quoted and escaped at `out`, which has room for 2 + 6 * text.size() bytes (every byte
  // escaped as \u00XX at worst; the 16-byte stores below stay inside that room, as a block is stored only
  // while 16 bytes of the text are left to read), and returns its end.
  static char* put_string(char* out, std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    const char* const bytes = text.data();
    const std::size_t size = text.size();
    *out++ = '"';
    std::size_t i = 0;
    for (;;) {
      // Almost no text needs escaping: copy it a block at a time while testing the block, then byte by
      // byte through the last few bytes (keys and short values are only those).
      for (; i + kBlock <= size; i += kBlock, out += kBlock) {
        const unsigned clean = clean_prefix(bytes + i, out);
        if (clean < kBlock) {
          i += clean, out += clean;
          break;
        }
      }
      while (i < size && !kNeedsEscape[static_cast<unsigned char>(bytes[i])]) *out++ = bytes[i++];
      if (i == size) break;
      const auto c = static_cast<unsigned char>(bytes[i++]);
      *out++ = '\\';
      switch (c) {
        case '"': *out++ = '"'; break;
        case '\\': *out++ = '\\'; break;
        case '\b': *out++ = 'b'; break;
        case '\t': *out++ = 't'; break;
        case '\n': *out++ = 'n'; break;
        case '\f': *out++ = 'f'; break;
        case '\r': *out++ = 'r'; break;
        default:
          std::memcpy(out, "u00", 3);
          out[3] = kHex[c >> 4];
          out[4] = kHex[c & 0xF];
          out += 5;
      }
    }
    *out++ = '"';
    return out;
  }
#if defined(__SSE2__)
  // Copies the kBlock bytes at `p` to `out` (room for kBlock bytes) and returns how many of them come
  // before the first that needs escaping (kBlock when none does). SSE2, which every x86-64 has: a byte
  // is below 0x20 where min(byte, 0x1F) is the byte itself, and '"' and '\\' are compared for.
  static constexpr std::size_t kBlock = 16;
  static unsigned clean_prefix(const char* p, char* out) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), v);
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
    const __m128i special = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(control, special)));
    return mask == 0 ? static_cast<unsigned>(kBlock) : static_cast<unsigned>(__builtin_ctz(mask));
  }
#else
  // The same eight bytes at a time with word-at-a-time tests ("Bit Twiddling Hacks", Sean Anderson:
  // hasless and haszero): in x - 0x0101..01 * n, the high bit of a byte can only become set where x has
  // a byte below n (a borrow starts only there), and & ~x & 0x8080..80 keeps just those. A byte equal to
  // '"' is a zero byte of x ^ 0x2222..22. On a hit the block is left to the byte-by-byte loop.
  static constexpr std::size_t kBlock = 8;
  static unsigned clean_prefix(const char* p, char* out) {
    std::uint64_t x;
    std::memcpy(&x, p, sizeof x);
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
    const auto has_less = [&](std::uint64_t v, unsigned n) { return (v - kOnes * n) & ~v & kHighs; };
    const auto has_zero = [&](std::uint64_t v) { return has_less(v, 1); };
    if ((has_less(x, 0x20) | has_zero(x ^ (kOnes * '"')) | has_zero(x ^ (kOnes * '\\'))) != 0) return 0;
    std::memcpy(out, p, sizeof x);
    return static_cast<unsigned>(kBlock);
  }
#endif
  static constexpr auto kNeedsEscape = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 256; ++c) table[c] = needs_escape(static_cast<unsigned char>(c));
    return table;
  }();
  // Writes the percent-encoding of `text` at `at` (room for 3 * text.size() bytes) and returns its end.
  static char* percent_encode(std::string_view text, char* at) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    static constexpr auto kUnreserved = [] {
      std::array<bool, 256> table{};
      for (int c = 0; c < 256; ++c)
        table[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                   c == '.' || c == '_' || c == '~';
      return table;
    }();
    for (unsigned char c : text) {
      if (kUnreserved[c]) {
        *at++ = static_cast<char>(c);
      } else {
        *at++ = '%';
        *at++ = kHex[c >> 4];
        *at++ = kHex[c & 0xF];
      }
    }
    return at;
  }

  static constexpr std::size_t kMaxDepth = 8;  // a JSON-LD node is at most five levels deep
  // A separator and the indentation of depth d: kBreak.substr(0, 2 + d), or without the comma substr(1, 1 + d).
  static constexpr std::string_view kBreak = ",\n                 ";
  static constexpr std::size_t kBreakCopy = 16;
  static_assert(kBreakCopy >= 2 + kMaxDepth && kBreak.size() >= 1 + kBreakCopy);
  std::string& out_;
  std::size_t used_;  // out_ holds the text in [0, used_), then room being filled
  std::array<Level, kMaxDepth> levels_{};
  std::size_t depth_ = 0;
  bool after_key_ = false;
};

constexpr std::string_view kDocumentPrefix = "doc:";
constexpr std::string_view kEntityPrefix = "entity:";
constexpr std::string_view kWikidataPrefix = "http://www.wikidata.org/entity/";
constexpr std::string_view kStatementPrefix = "stmt:";

// FNV-1a, 64 bits, of subject|relation|object|document|polarity: stable across platforms and runs
// (std::hash is neither). Written as "stmt:" and 16 lower-case hex digits.
std::uint64_t statement_hash(std::string_view subject, std::string_view relation, std::string_view object,
                             std::string_view document, graph::Polarity polarity) {
  std::uint64_t hash = 14695981039346656037ULL;
  auto feed = [&hash](std::string_view part) {
    for (unsigned char c : part) {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
  };
  feed(subject);
  feed("|");
  feed(relation);
  feed("|");
  feed(object);
  feed("|");
  feed(document);
  feed("|");
  feed(graph::to_string(polarity));
  return hash;
}

// The @context is copied as it is laid out in schemas/context.jsonld (one term per line, indented for
// its place in the output), which reads far better than one line per JSON token.
void write_context(PrettyJson& w) {
  const auto text = jsonld_context_file();
  rapidjson::Document context;
  context.Parse(text.data(), text.size());
  if (context.HasParseError() || !context.IsObject() || context.MemberCount() != 1 || !context.HasMember("@context") ||
      !context["@context"].IsObject())
    throw std::logic_error("embedded schemas/context.jsonld is not {\"@context\": {...}}");
  const auto open = text.find('{', text.find("\"@context\""));
  const auto close = text.rfind('}', text.rfind('}') - 1);
  w.key("@context");
  w.raw(text.substr(open, close + 1 - open));
}

void write_metadata(PrettyJson& w) {
  w.start_object();
  w.member("@type", "Dataset");
  w.integer("formatVersion", kJsonLdFormatVersion);
  w.member("generator", "newsgraph");
  w.end_object();
}

void write_span(PrettyJson& w, const graph::Span& span) {
  w.integer("start", span.start);
  w.integer("end", span.end);
}

void write_document(PrettyJson& w, const graph::Document& d) {
  w.start_object();
  w.iri_member("@id", kDocumentPrefix, d.id);
  w.member("@type", "NewsArticle");
  w.member("identifier", d.id);
  w.optional_member("datePublished", d.date);
  w.optional_member("headline", d.headline);
  w.end_object();
}

// `edges` are the relationships whose subject is `e`, sorted by (relation, object): each relation with
// a positive statement becomes a member listing its objects' IRIs, sorted as text.
void write_entity(PrettyJson& w, const graph::Entity& e, std::span<const graph::Relationship> edges) {
  w.start_object();
  w.iri_member("@id", kEntityPrefix, e.id);
  w.member("@type", graph::to_string(e.type));
  w.member("identifier", e.id);
  if (!e.name_ar.empty() || !e.name_en.empty()) {
    w.key("name");
    w.start_object();
    w.optional_member("ar", e.name_ar);
    w.optional_member("en", e.name_en);
    w.end_object();
  }
  if (!e.aliases.empty()) {
    w.key("alternateName");
    w.start_array();
    for (const auto& a : e.aliases) w.string(a);
    w.end_array();
  }
  if (!e.wikidata.empty()) w.member("sameAs", std::string(kWikidataPrefix) + e.wikidata);
  w.number("confidence", e.confidence);
  if (!e.mentions.empty()) {
    w.key("mention");
    w.start_array();
    for (const auto& m : e.mentions) {
      w.start_object();
      w.member("@type", "Mention");
      w.iri_member("document", kDocumentPrefix, m.document);
      w.member("text", m.text);
      write_span(w, m.span);
      w.member("kind", graph::to_string(m.kind));
      w.end_object();
    }
    w.end_array();
  }
  std::vector<std::string> objects;
  for (std::size_t i = 0; i < edges.size();) {
    const auto relation = edges[i].relation;
    objects.clear();
    for (; i < edges.size() && edges[i].relation == relation; ++i) {
      if (!edges[i].has_positive()) continue;
      std::string iri(kEntityPrefix);
      PrettyJson::append_percent_encoded(iri, edges[i].object);
      objects.push_back(std::move(iri));
    }
    if (objects.empty()) continue;
    // Ids sort as their IRIs unless percent-encoding reorders them (ids outside the slug alphabet).
    if (!std::is_sorted(objects.begin(), objects.end())) std::sort(objects.begin(), objects.end());
    w.escaped_key(relation);
    w.start_array();
    for (const auto& o : objects) w.string(o);
    w.end_array();
  }
  w.end_object();
}

void write_statement(PrettyJson& w, const graph::Statement& s) {
  if (!graph::Ontology::builtin().relation(s.relation))
    throw std::logic_error("JSON-LD writer: statement relation '" + s.relation + "' is not in the ontology");
  w.start_object();
  w.hex_iri_member("@id", kStatementPrefix, statement_hash(s.subject, s.relation, s.object, s.document, s.polarity));
  w.member("@type", "Statement");
  w.iri_member("subject", kEntityPrefix, s.subject);
  w.member("predicate", s.relation);
  w.iri_member("object", kEntityPrefix, s.object);
  w.iri_member("document", kDocumentPrefix, s.document);
  if (!s.evidence.empty()) {
    w.member("evidence", s.evidence.front().text);
    write_span(w, s.evidence.front().span);
  }
  w.member("polarity", graph::to_string(s.polarity));
  w.member("modality", graph::to_string(s.modality));
  w.number("confidence", s.confidence);
  w.optional_member("cameo", s.cameo);
  w.optional_member("role", s.role);
  if (s.quantity) w.integer("quantity", *s.quantity);
  w.optional_member("date", s.date);
  if (!s.evidence.empty()) {
    w.key("support");
    w.start_array();
    for (const auto& ev : s.evidence) {
      w.start_object();
      w.member("@type", "Evidence");
      w.member("text", ev.text);
      write_span(w, ev.span);
      w.optional_member("rule", ev.rule);
      w.number("confidence", ev.confidence);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

// About how many nodes, mentions and evidences go into one piece: some 50–100 KB of text, enough that
// handing a piece to a thread costs nothing in comparison, few enough that a thread's share of a large
// graph is many pieces.
constexpr std::size_t kPieceWeight = 512;

}  // namespace

// The sorted views of the graph every piece reads, and where each piece starts.
struct JsonLdPieces::Index {
  std::vector<const graph::Document*> documents;
  std::vector<const graph::Entity*> entities;
  std::vector<graph::Relationship> relationships;  // sorted by (subject, relation, object)
  // entity_edges[i]: the range of `relationships` whose subject is entities[i].
  std::vector<std::pair<std::size_t, std::size_t>> entity_edges;
  std::vector<const graph::Statement*> statements;  // in StatementKey order
  // Piece p (1 <= p < size - 1) holds the nodes [first_node[p - 1], first_node[p]), numbering documents,
  // then entities, then statements; piece 0 is the opening, the last piece the closing.
  std::vector<std::size_t> first_node;

  std::size_t node_count() const { return documents.size() + entities.size() + statements.size(); }
  void write_node(PrettyJson& w, std::size_t node) const {
    if (node < documents.size()) return write_document(w, *documents[node]);
    node -= documents.size();
    if (node < entities.size()) {
      const auto [first, last] = entity_edges[node];
      return write_entity(w, *entities[node], std::span(relationships).subspan(first, last - first));
    }
    write_statement(w, *statements[node - entities.size()]);
  }
  std::size_t weight(std::size_t node) const {
    if (node < documents.size()) return 1;
    node -= documents.size();
    if (node < entities.size()) return 1 + entities[node]->mentions.size();
    return 1 + statements[node - entities.size()]->evidence.size();
  }
};

JsonLdPieces::JsonLdPieces(const graph::KnowledgeGraph& graph) : index_(std::make_unique<Index>()) {
  Index& x = *index_;
  x.documents = graph.documents();
  x.entities = graph.entities();
  x.relationships = graph.relationships();

  // Both lists are sorted by subject id: one walk finds each entity's range.
  x.entity_edges.reserve(x.entities.size());
  std::size_t r = 0;
  for (const auto* e : x.entities) {
    while (r < x.relationships.size() && x.relationships[r].subject < e->id) ++r;
    const std::size_t first = r;
    while (r < x.relationships.size() && x.relationships[r].subject == e->id) ++r;
    x.entity_edges.emplace_back(first, r);
  }

  x.statements = graph::KnowledgeGraph::statements_of(x.relationships);

  std::size_t weight = 0;
  for (std::size_t node = 0; node < x.node_count(); ++node) {
    weight += x.weight(node);
    if (weight >= kPieceWeight) {
      x.first_node.push_back(node + 1);
      weight = 0;
    }
  }
  if (x.first_node.empty() || x.first_node.back() != x.node_count()) x.first_node.push_back(x.node_count());
}

JsonLdPieces::~JsonLdPieces() = default;
JsonLdPieces::JsonLdPieces(JsonLdPieces&&) noexcept = default;
JsonLdPieces& JsonLdPieces::operator=(JsonLdPieces&&) noexcept = default;

std::size_t JsonLdPieces::size() const { return index_->first_node.size() + 2; }

void JsonLdPieces::format(std::size_t piece, std::string& out) const {
  const Index& x = *index_;
  if (piece >= size()) throw std::out_of_range("JsonLdPieces::format: no piece " + std::to_string(piece));
  if (piece == 0) {  // the root object, its @context, and @graph up to its first node (the metadata)
    PrettyJson w(out, {});
    w.start_object();
    write_context(w);
    w.key("@graph");
    w.start_array();
    write_metadata(w);
    return;
  }
  if (piece == size() - 1) {
    {
      PrettyJson w(out, {PrettyJson::Object, PrettyJson::Array});
      w.end_array();
      w.end_object();
    }  // (the writer's text is complete when it is destroyed)
    out += '\n';
    return;
  }
  // The other pieces continue inside @graph, which holds the metadata node at least.
  PrettyJson w(out, {PrettyJson::Object, PrettyJson::Array});
  const std::size_t first = piece == 1 ? 0 : x.first_node[piece - 2], last = x.first_node[piece - 1];
  for (std::size_t node = first; node < last; ++node) x.write_node(w, node);
}

std::string_view jsonld_context_file() { return embedded_file("schemas/context.jsonld"); }

std::string document_iri(std::string_view document_id) {
  std::string out(kDocumentPrefix);
  PrettyJson::append_percent_encoded(out, document_id);
  return out;
}

std::string entity_iri(std::string_view entity_id) {
  std::string out(kEntityPrefix);
  PrettyJson::append_percent_encoded(out, entity_id);
  return out;
}

std::string statement_iri(const graph::StatementKey& k) {
  std::string out(kStatementPrefix);
  out.resize(kStatementPrefix.size() + 16);
  PrettyJson::put_hex(statement_hash(k.subject, k.relation, k.object, k.document, k.polarity),
                      out.data() + kStatementPrefix.size());
  return out;
}

void write_jsonld(const graph::KnowledgeGraph& graph, const TextSink& sink) {
  static constexpr std::size_t kSinkPiece = 64 * 1024;
  const JsonLdPieces pieces(graph);
  std::string buffer;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    pieces.format(i, buffer);
    // Whole 64 KiB slices go out; the rest waits for the next piece.
    std::size_t sent = 0;
    for (; buffer.size() - sent >= kSinkPiece; sent += kSinkPiece) sink(std::string_view(buffer).substr(sent, kSinkPiece));
    buffer.erase(0, sent);
  }
  if (!buffer.empty()) sink(buffer);
}

std::string write_jsonld(const graph::KnowledgeGraph& graph) {
  const JsonLdPieces pieces(graph);
  std::string out;
  for (std::size_t i = 0; i < pieces.size(); ++i) pieces.format(i, out);
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
