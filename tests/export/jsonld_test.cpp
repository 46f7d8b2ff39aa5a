// JSON-LD export and import: golden file, determinism, round trip, JSON Schema, the @context as a
// projection of the ontology, reader diagnostics, and a real JSON-LD processor (jsonld.js) reading it.
#include <catch2/catch.hpp>
#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "export/embedded_data.h"
#include "export/jsonld_reader.h"
#include "export/jsonld_writer.h"
#include "graph/json_input.h"
#include "graph/ontology.h"
#include "tests/test_support.h"

namespace {

using namespace newsgraph;
namespace testing = newsgraph::testing;

graph::Evidence evidence(std::uint32_t start, std::string text, std::string rule, double confidence) {
  const auto end = start + static_cast<std::uint32_t>(text.size() / 2);  // any span will do here
  return graph::Evidence{{start, end}, std::move(text), std::move(rule), confidence};
}

// A small but complete graph: Arabic names, three documents (one with a space in its name), name and
// role mentions, a negative statement, a relation only asserted negatively, a quantity, a role,
// several evidences, a symmetric relation, a reported and a future statement.
std::vector<graph::DocumentGraph> rich_documents() {
  graph::DocumentGraph a;
  a.document = {"000_a.txt", "2023-01-05", "السوداني يطالب واشنطن"};
  graph::DocumentGraph b;
  b.document = {"001 b.txt", "", "المقاومة الإسلامية تعلن"};
  graph::DocumentGraph c;
  c.document = {"002_c.txt", "2023-02-01", ""};

  graph::Entity sudani{"sudani",
                       graph::EntityType::Person,
                       "محمد شياع السوداني",
                       "Mohammed Shia al-Sudani",
                       {"السوداني", "شياع السوداني"},
                       "Q56601706",
                       1.0,
                       {}};
  graph::Entity us{
      "united_states", graph::EntityType::Country, "الولايات المتحدة", "United States", {"واشنطن"}, "Q30", 1.0, {}};
  graph::Entity iraq{"iraq", graph::EntityType::Country, "العراق", "Iraq", {}, "Q796", 1.0, {}};
  graph::Entity resistance{"islamic_resistance",
                           graph::EntityType::Organization,
                           "المقاومة الإسلامية في العراق",
                           "",
                           {"المقاومة الإسلامية"},
                           "",
                           0.75,
                           {}};
  graph::Entity baghdad{"baghdad", graph::EntityType::Place, "بغداد", "Baghdad", {}, "", 0.5, {}};

  auto with = [](graph::Entity e, graph::Mention m) {
    e.mentions = {std::move(m)};
    return e;
  };
  a.entities = {with(sudani, {"000_a.txt", {0, 8}, "السوداني", graph::MentionKind::Name}),
                with(us, {"000_a.txt", {15, 21}, "واشنطن", graph::MentionKind::Name}),
                with(iraq, {"000_a.txt", {40, 46}, "العراق", graph::MentionKind::Name}),
                with(baghdad, {"000_a.txt", {50, 55}, "بغداد", graph::MentionKind::Name})};
  b.entities = {with(sudani, {"001 b.txt", {3, 22}, "رئيس الوزراء العراقي", graph::MentionKind::Role}),
                with(resistance, {"001 b.txt", {30, 48}, "المقاومة الإسلامية", graph::MentionKind::Name}),
                with(us, {"001 b.txt", {60, 76}, "الولايات المتحدة", graph::MentionKind::Name})};
  c.entities = {with(resistance, {"002_c.txt", {0, 18}, "المقاومة الإسلامية", graph::MentionKind::Name}),
                with(us, {"002_c.txt", {25, 31}, "واشنطن", graph::MentionKind::Name}),
                with(iraq, {"002_c.txt", {35, 41}, "العراق", graph::MentionKind::Name})};

  graph::Statement demands{"sudani",
                           "demands",
                           "united_states",
                           "000_a.txt",
                           graph::Polarity::Positive,
                           graph::Modality::Asserted,
                           0.9,
                           "10",
                           "",
                           std::nullopt,
                           "2023-01-05",
                           {evidence(0, "طالب السوداني واشنطن بسحب قواتها", "demand.verb", 0.9),
                            evidence(100, "وجدد السوداني مطالبته", "demand.noun", 0.7)}};
  graph::Statement negotiates{"sudani",
                              "negotiates",
                              "united_states",
                              "000_a.txt",
                              graph::Polarity::Positive,
                              graph::Modality::Future,
                              0.6,
                              "04",
                              "",
                              std::nullopt,
                              "",
                              {evidence(200, "سيتفاوض الجانبان", "", 0.6)}};
  graph::Statement deploys{"united_states",
                           "deploys_to",
                           "iraq",
                           "000_a.txt",
                           graph::Polarity::Positive,
                           graph::Modality::Asserted,
                           0.8,
                           "",
                           "",
                           2500,
                           "2023-01-05",
                           {evidence(300, "2500 جندي أمريكي في العراق", "deploy.count", 0.8)}};
  graph::Statement affiliated{"sudani",
                              "affiliated_with",
                              "iraq",
                              "000_a.txt",
                              graph::Polarity::Positive,
                              graph::Modality::Asserted,
                              1.0,
                              "",
                              "Prime Minister",
                              std::nullopt,
                              "",
                              {evidence(0, "رئيس الوزراء محمد شياع السوداني", "office.title", 1.0)}};
  a.statements = {demands, negotiates, deploys, affiliated};

  graph::Statement attacks{"islamic_resistance",
                           "attacks",
                           "united_states",
                           "001 b.txt",
                           graph::Polarity::Positive,
                           graph::Modality::Reported,
                           0.7,
                           "18",
                           "",
                           std::nullopt,
                           "",
                           {evidence(10, "أعلنت المقاومة استهداف قاعدة", "attack.claim", 0.7)}};
  b.statements = {attacks};

  graph::Statement denies{"islamic_resistance",
                          "attacks",
                          "united_states",
                          "002_c.txt",
                          graph::Polarity::Negative,
                          graph::Modality::Asserted,
                          0.65,
                          "18",
                          "",
                          std::nullopt,
                          "",
                          {evidence(5, "نفت المقاومة أي هجوم", "attack.denial", 0.65)}};
  graph::Statement no_condemn{"iraq",
                              "condemns",
                              "islamic_resistance",
                              "002_c.txt",
                              graph::Polarity::Negative,
                              graph::Modality::Reported,
                              0.55,
                              "11",
                              "",
                              std::nullopt,
                              "",
                              {evidence(50, "لم تدن الحكومة", "condemn.negated", 0.55)}};
  c.statements = {denies, no_condemn};
  return {a, b, c};
}

graph::KnowledgeGraph rich_graph(bool reversed = false) {
  auto docs = rich_documents();
  if (reversed) std::reverse(docs.begin(), docs.end());
  graph::KnowledgeGraph g;
  for (const auto& d : docs) g.add(d);
  return g;
}

std::string graph_schema() { return std::string(exporters::embedded_file("schemas/graph.schema.json")); }

// Replaces the first `from` found after `anchor`; returns the byte offset of the replacement.
std::size_t replace_after(std::string& text, std::string_view anchor, std::string_view from, std::string_view to) {
  const auto a = text.find(anchor);
  REQUIRE(a != std::string::npos);
  const auto at = text.find(from, a);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return at;
}

std::size_t line_of(std::string_view text, std::size_t offset) {
  return 1 +
         static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// The rich documents plus `copies` more of them under other document ids: a graph whose JSON-LD is long.
graph::KnowledgeGraph rich_graph_with_copies(int copies) {
  const auto docs = rich_documents();
  graph::KnowledgeGraph g;
  for (const auto& d : docs) g.add(d);
  for (int i = 0; i < copies; ++i) {
    auto copy = docs[static_cast<std::size_t>(i) % docs.size()];
    const std::string id = "copy_" + std::to_string(i) + ".txt";
    copy.document.id = id;
    for (auto& e : copy.entities)
      for (auto& m : e.mentions) m.document = id;
    for (auto& st : copy.statements) st.document = id;
    g.add(copy);
  }
  return g;
}

}  // namespace

TEST_CASE("JSON-LD output matches the golden file", "[export][jsonld]") {
  const auto golden = testing::source_dir() / "tests/golden/small_graph.jsonld";
  const std::string written = exporters::write_jsonld(rich_graph());
  if (const char* update = std::getenv("NEWSGRAPH_UPDATE_GOLDEN"); update && std::string(update) == "1")
    testing::write_file(golden, written);
  const std::string expected = testing::read_file(golden);
  REQUIRE_FALSE(expected.empty());
  CHECK(written == expected);
}

TEST_CASE("streamed JSON-LD is the same bytes in pieces of at most 64 KiB", "[export][jsonld]") {
  // The rich graph plus enough documents that the output spans many pieces.
  const graph::KnowledgeGraph g = rich_graph_with_copies(400);
  const std::string whole = exporters::write_jsonld(g);
  REQUIRE(whole.size() > 4 * 64 * 1024);
  std::string streamed;
  std::size_t pieces = 0, largest = 0;
  exporters::write_jsonld(g, [&](std::string_view piece) {
    ++pieces;
    largest = std::max(largest, piece.size());
    streamed += piece;
  });
  CHECK(streamed == whole);
  CHECK(pieces > 4);
  CHECK(largest <= 64 * 1024);
  CHECK(whole.back() == '\n');
}

// The writer lays out JSON as rapidjson::PrettyWriter (indent: one space) did when it wrote every file
// before it: re-printing the parsed @graph with PrettyWriter must give the same text, for strings that
// need every kind of escaping at every offset (the writer tests sixteen bytes at a time, eight without SSE2) and numbers of
// every shape.
TEST_CASE("JSON-LD text is laid out and escaped exactly as RapidJSON's PrettyWriter", "[export][jsonld]") {
  std::mt19937 random(7);
  const std::string alphabet = std::string("ab\"\\/\x01\x1f\b\f\n\r\t\x7f ") + "\xD8\xB9" + std::string(1, '\0');
  // Half the texts need escaping almost everywhere; the other half are plain runs with a rare character to
  // escape, so that it falls at every offset of the words the writer skips, in and out of the last eight
  // bytes of a text.
  const std::string plain = "abcd /xyz";
  auto text = [&](std::size_t max_size) {
    std::string out;
    const bool sparse = random() % 2;
    for (std::size_t n = random() % (max_size + 1); n > 0; --n)
      out += sparse && random() % 12 ? plain[random() % plain.size()] : alphabet[random() % alphabet.size()];
    return out;
  };
  const double numbers[] = {0.0, 1.0, 0.5, 0.1, 1.0 / 3, 1e-7, 123456789.125, 1e21, 5e-324};
  graph::KnowledgeGraph g;
  for (int d = 0; d < 20; ++d) {
    graph::DocumentGraph dg;
    dg.document = {"doc " + text(4) + std::to_string(d), text(3), text(40)};
    for (int e = 0; e < 3; ++e) {
      graph::Entity entity{"e" + std::to_string((d + e) % 7) + text(2), graph::EntityType::Person, text(30), text(12),
                           {text(20)}, e == 0 ? "Q1" : "", numbers[random() % std::size(numbers)], {}};
      entity.mentions.push_back({dg.document.id, {static_cast<std::uint32_t>(e), 4000000000u}, text(25), graph::MentionKind::Name});
      dg.entities.push_back(entity);
    }
    graph::Statement s;
    s.subject = dg.entities[0].id;
    s.relation = "demands";
    s.object = dg.entities[1].id;
    s.document = dg.document.id;
    s.confidence = numbers[random() % std::size(numbers)];
    s.quantity = d % 2 ? std::optional<std::int64_t>(-9000000000LL * d) : std::nullopt;
    s.role = text(6);
    s.evidence.push_back({{1, 9}, text(60), text(5), s.confidence});
    dg.statements.push_back(s);
    g.add(dg);
  }
  const std::string written = exporters::write_jsonld(g);
  rapidjson::Document parsed;
  parsed.Parse<rapidjson::kParseFullPrecisionFlag>(written.data(), written.size());
  REQUIRE_FALSE(parsed.HasParseError());
  // Everything from "@graph" on, as PrettyWriter prints it at the same depth.
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.SetIndent(' ', 1);
  w.StartObject();
  w.Key("@graph");
  parsed["@graph"].Accept(w);
  w.EndObject();
  const std::string expected = std::string(buffer.GetString(), buffer.GetSize()).substr(3);  // without "{\n "
  const auto at = written.find("\n \"@graph\"");
  REQUIRE(at != std::string::npos);
  CHECK(written.substr(at + 2) == expected + "\n");
}

TEST_CASE("JSON-LD pieces concatenated in order are write_jsonld's text, whichever thread formats them", "[export][jsonld]") {
  const graph::KnowledgeGraph g = rich_graph_with_copies(300);  // enough nodes for several pieces
  const graph::KnowledgeGraph empty;
  for (const bool large : {true, false}) {
    const auto& which = large ? g : empty;
    const exporters::JsonLdPieces pieces(which);
    REQUIRE(pieces.size() >= 3);
    if (large) CHECK(pieces.size() > 4);
    // Formatted backwards on two threads, each into its own string.
    std::vector<std::string> text(pieces.size());
    std::thread other([&] {
      for (std::size_t i = pieces.size(); i-- > 0;)
        if (i % 2) pieces.format(i, text[i]);
    });
    for (std::size_t i = pieces.size(); i-- > 0;)
      if (i % 2 == 0) pieces.format(i, text[i]);
    other.join();
    std::string joined;
    for (const auto& t : text) joined += t;
    CHECK(joined == exporters::write_jsonld(which));
    // format() appends to what the string holds.
    std::string appended = "x";
    pieces.format(0, appended);
    CHECK(appended == "x" + text[0]);
  }
}

TEST_CASE("JSON-LD output does not depend on insertion order", "[export][jsonld]") {
  CHECK(exporters::write_jsonld(rich_graph(false)) == exporters::write_jsonld(rich_graph(true)));
}

TEST_CASE("JSON-LD has the contract's shape", "[export][jsonld]") {
  const std::string text = exporters::write_jsonld(rich_graph());
  const auto doc = graph::json::parse("graph.jsonld", text);
  const auto& nodes = doc["@graph"];
  REQUIRE(nodes.IsArray());
  // metadata, 3 documents, 5 entities, 7 statements, in that order
  REQUIRE(nodes.Size() == 1 + 3 + 5 + 7);
  CHECK(std::string(nodes[0]["@type"].GetString()) == "Dataset");
  CHECK(nodes[0]["formatVersion"].GetInt() == exporters::kJsonLdFormatVersion);
  CHECK(std::string(nodes[2]["@id"].GetString()) == "doc:001%20b.txt");
  CHECK(std::string(nodes[2]["identifier"].GetString()) == "001 b.txt");
  CHECK_FALSE(nodes[3].HasMember("headline"));  // empty optional fields are omitted

  SECTION("an entity carries its names, mentions and direct edges") {
    const auto& sudani = nodes[1 + 3 + 3];
    REQUIRE(std::string(sudani["identifier"].GetString()) == "sudani");
    CHECK(std::string(sudani["name"]["ar"].GetString()) == "محمد شياع السوداني");
    CHECK(std::string(sudani["sameAs"].GetString()) == "http://www.wikidata.org/entity/Q56601706");
    CHECK(sudani["mention"].Size() == 2);
    CHECK(std::string(sudani["mention"][1]["kind"].GetString()) == "role");
    CHECK(std::string(sudani["demands"][0].GetString()) == "entity:united_states");
    CHECK(std::string(sudani["negotiates"][0].GetString()) == "entity:united_states");
  }
  SECTION("a relation asserted only negatively has no direct edge") {
    const auto& iraq = nodes[1 + 3 + 1];
    REQUIRE(std::string(iraq["identifier"].GetString()) == "iraq");
    CHECK_FALSE(iraq.HasMember("condemns"));
    const auto& resistance = nodes[1 + 3 + 2];
    REQUIRE(std::string(resistance["identifier"].GetString()) == "islamic_resistance");
    CHECK(resistance["attacks"].Size() == 1);  // positive in one document, negative in another
  }
  SECTION("a statement carries its first evidence and every evidence in support") {
    const std::string id =
        exporters::statement_iri({"sudani", "demands", "united_states", "000_a.txt", graph::Polarity::Positive});
    const rapidjson::Value* demands = nullptr;
    for (const auto& n : nodes.GetArray())
      if (n.HasMember("@id") && n["@id"].GetString() == id) demands = &n;
    REQUIRE(demands);
    CHECK(std::string((*demands)["predicate"].GetString()) == "demands");
    CHECK(std::string((*demands)["evidence"].GetString()) == "طالب السوداني واشنطن بسحب قواتها");
    CHECK((*demands)["start"].GetUint() == 0);
    CHECK((*demands)["support"].Size() == 2);
    CHECK(std::string((*demands)["cameo"].GetString()) == "10");
  }
}

TEST_CASE("statement IRIs are a stable FNV-1a hash of the statement key", "[export][jsonld]") {
  const graph::StatementKey key{"sudani", "demands", "united_states", "000_a.txt", graph::Polarity::Positive};
  const std::string iri = exporters::statement_iri(key);
  CHECK(iri.size() == 5 + 16);
  CHECK(iri.rfind("stmt:", 0) == 0);
  CHECK(iri == exporters::statement_iri(key));
  auto negative = key;
  negative.polarity = graph::Polarity::Negative;
  CHECK(iri != exporters::statement_iri(negative));
  // Reference values computed independently (FNV-1a 64 of "sudani|demands|united_states|000_a.txt|positive").
  CHECK(iri == "stmt:4a876b52df45d512");
  CHECK(exporters::statement_iri({"", "", "", "", graph::Polarity::Positive}) == "stmt:fda2271c9549a75a");
  CHECK(exporters::document_iri("a b/ج.txt") == "doc:a%20b%2F%D8%AC.txt");
  CHECK(exporters::entity_iri("united_states") == "entity:united_states");
}

TEST_CASE("JSON-LD round trip: write, read, write gives the same bytes", "[export][jsonld]") {
  const auto original = rich_graph();
  const std::string first = exporters::write_jsonld(original);
  const auto again = exporters::read_jsonld("graph.jsonld", first);
  CHECK(again.document_count() == original.document_count());
  CHECK(again.entity_count() == original.entity_count());
  CHECK(again.statement_count() == original.statement_count());
  CHECK(again.relationship_count() == original.relationship_count());
  CHECK(exporters::write_jsonld(again) == first);

  SECTION("an empty graph") {
    const graph::KnowledgeGraph empty;
    const std::string text = exporters::write_jsonld(empty);
    CHECK(exporters::write_jsonld(exporters::read_jsonld("empty.jsonld", text)) == text);
    CHECK(exporters::count_triples(empty) == 3);
  }
  SECTION("merging a graph read back into the original changes nothing") {
    auto merged = rich_graph();
    merged.merge(again);
    CHECK(exporters::write_jsonld(merged) == first);
  }
}

TEST_CASE("written graphs validate against schemas/graph.schema.json", "[export][jsonld][schema]") {
  const std::string schema = graph_schema();
  REQUIRE_FALSE(schema.empty());
  SECTION("the rich graph and the empty graph are valid") {
    for (const std::string& text :
         {exporters::write_jsonld(rich_graph()), exporters::write_jsonld(graph::KnowledgeGraph{})}) {
      const auto doc = graph::json::parse("graph.jsonld", text);
      CHECK_NOTHROW(graph::json::validate("graph.jsonld", text, doc, schema));
    }
  }
  SECTION("the schema rejects a damaged graph") {
    std::string text = exporters::write_jsonld(rich_graph());
    replace_after(text, "\"@type\": \"Statement\"", "\"polarity\": \"positive\"", "\"polarity\": \"maybe\"");
    const auto doc = graph::json::parse("graph.jsonld", text);
    CHECK_THROWS_AS(graph::json::validate("graph.jsonld", text, doc, schema), graph::InputError);
  }
}

TEST_CASE("the @context's relation terms are exactly the ontology's relations", "[export][jsonld]") {
  const auto context_text = exporters::jsonld_context_file();
  const auto doc = graph::json::parse("schemas/context.jsonld", context_text);
  REQUIRE(doc.HasMember("@context"));
  const std::set<std::string> fixed = {
      "schema",   "rdf",           "xsd",           "ng",           "entity",     "doc",           "stmt",
      "Dataset",  "NewsArticle",   "Person",        "Organization", "Country",    "Place",         "Statement",
      "Mention",  "Evidence",      "formatVersion", "generator",    "identifier", "datePublished", "headline",
      "name",     "alternateName", "sameAs",        "confidence",   "mention",    "document",      "text",
      "start",    "end",           "kind",          "subject",      "predicate",  "object",        "evidence",
      "polarity", "modality",      "cameo",         "role",         "quantity",   "date",          "rule",
      "support"};
  std::set<std::string> relations_in_context;
  for (const auto& term : doc["@context"].GetObject()) {
    const std::string name = term.name.GetString();
    if (fixed.count(name)) continue;
    relations_in_context.insert(name);
    REQUIRE(term.value.IsObject());
    CHECK(std::string(term.value["@id"].GetString()) == "ng:" + name);
    CHECK(std::string(term.value["@type"].GetString()) == "@id");
  }
  std::set<std::string> relations_in_ontology;
  for (const auto& r : graph::Ontology::builtin().relations()) relations_in_ontology.insert(r.name);
  CHECK(relations_in_context == relations_in_ontology);
  CHECK(relations_in_ontology.size() == 14);
  CHECK(std::string(doc["@context"]["ng"].GetString()) == graph::Ontology::builtin().vocabulary());

  SECTION("so are the schema's direct edges and predicates") {
    const std::string schema_text = graph_schema();
    const auto schema = graph::json::parse("schemas/graph.schema.json", schema_text);
    std::set<std::string> edges, predicates;
    for (const auto& p : schema["definitions"]["entity"]["properties"].GetObject())
      if (p.value.HasMember("$ref") && std::string(p.value["$ref"].GetString()) == "#/definitions/direct_edges")
        edges.insert(p.name.GetString());
    for (const auto& p : schema["definitions"]["statement"]["properties"]["predicate"]["enum"].GetArray())
      predicates.insert(p.GetString());
    CHECK(edges == relations_in_ontology);
    CHECK(predicates == relations_in_ontology);
  }
}

TEST_CASE("the writer refuses a statement outside the ontology", "[export][jsonld]") {
  graph::KnowledgeGraph g;
  g.add_entity({"a", graph::EntityType::Person, "أ", "", {}, "", 1.0, {}});
  g.add_entity({"b", graph::EntityType::Person, "ب", "", {}, "", 1.0, {}});
  g.add_statement({"a",
                   "likes",
                   "b",
                   "x.txt",
                   graph::Polarity::Positive,
                   graph::Modality::Asserted,
                   0.5,
                   "",
                   "",
                   std::nullopt,
                   "",
                   {}});
  CHECK_THROWS_AS(exporters::write_jsonld(g), std::logic_error);
}

namespace {

struct ReaderCase {
  std::string name;
  std::string anchor;  // the mutation happens at the first `from` after the first `anchor`
  std::string from;
  std::string to;
  std::string message;  // expected part of the message
  int line_delta;       // expected line = line of the mutation + line_delta
  int column;           // expected column, or 0 to check the line only
};

}  // namespace

TEST_CASE("the reader reports bad graphs at path:line:col", "[export][jsonld]") {
  const std::string good = exporters::write_jsonld(rich_graph());
  const auto c = GENERATE(values<ReaderCase>({
      {"malformed JSON", "\"@graph\"", "[", "[,", "invalid JSON", 0, 0},
      {"foreign context", "\"@context\"", "\"ng\": \"https://w3id.org/newsgraph/vocab#\"",
       "\"ng\": \"https://example.org/other#\"", "foreign \"@context\"", -4, 2},
      {"redefined term", "\"@context\"", "\"demands\": {\"@id\": \"ng:demands\"", "\"demands\": {\"@id\": \"ng:asks\"",
       "the term \"demands\" is defined differently", 0, 3},
      {"newer format version", "\"Dataset\"", "\"formatVersion\": 1", "\"formatVersion\": 7",
       "newer newsgraph (format version 7; this build reads up to 1)", 0, 4},
      {"no metadata node", "\"@graph\"", "\"@type\": \"Dataset\"", "\"@type\": \"Datasets\"",
       "unknown node type 'Datasets'", 0, 4},
      {"missing member", "\"@type\": \"Statement\"", "\"polarity\": \"positive\",", "",
       "missing member \"polarity\" in statement", -10, 3},
      {"ill-typed offset", "\"@type\": \"Mention\"", "\"start\": 50", "\"start\": \"50\"",
       "member \"start\" of a mention of entity 'baghdad' must be a non-negative integer", 0, 6},
      {"ill-typed confidence", "\"identifier\": \"iraq\"", "\"confidence\": 1.0", "\"confidence\": 1.5",
       "member \"confidence\" of entity 'iraq' must be a number between 0 and 1", 0, 4},
      {"unknown entity", "\"@type\": \"Statement\"", "\"object\": \"entity:united_states\"",
       "\"object\": \"entity:biden\"", "names an unknown entity 'entity:biden'", 0, 4},
      {"unknown relation", "\"@type\": \"Statement\"", "\"predicate\": \"affiliated_with\"",
       "\"predicate\": \"afiliated_with\"", "unknown relation 'afiliated_with' (did you mean 'affiliated_with'?)", 0,
       4},
      {"unknown document", "\"@type\": \"Mention\"", "\"document\": \"doc:000_a.txt\"", "\"document\": \"doc:999.txt\"",
       "names an unknown document 'doc:999.txt'", 0, 6},
      {"unknown member", "\"identifier\": \"iraq\"", "\"confidence\"", "\"confidense\"",
       "unknown member \"confidense\" in entity 'iraq'", 0, 4},
      {"direct edge without statement", "\"identifier\": \"sudani\"", "\"demands\": [\n    \"entity:united_states\"",
       "\"demands\": [\n    \"entity:iraq\"", "direct edge sudani demands iraq has no positive statement", 1, 5},
  }));
  CAPTURE(c.name);
  std::string bad = good;
  const auto at = replace_after(bad, c.anchor, c.from, c.to);
  try {
    exporters::read_jsonld("g.jsonld", bad);
    FAIL("no error for: " + c.name);
  } catch (const graph::InputError& e) {
    const auto& d = e.diagnostic();
    CAPTURE(d.format());
    CHECK(d.path == "g.jsonld");
    CHECK(d.message.find(c.message) != std::string::npos);
    CHECK(d.line == line_of(bad, at) + static_cast<std::size_t>(c.line_delta));
    if (c.column) CHECK(d.column == static_cast<std::size_t>(c.column));
  }
}

TEST_CASE("the reader refuses what is not a newsgraph graph", "[export][jsonld]") {
  const auto c = GENERATE(values<std::pair<std::string, std::string>>({
      {"[1, 2]", "expected a JSON-LD object"},
      {"{\"@graph\": []}", "no \"@context\""},
      {"{\"@context\": \"https://schema.org/\", \"@graph\": []}", "must be an inline object"},
      {"{\"@context\": {\"schema\": \"https://schema.org/\"}, \"@graph\": []}", "foreign \"@context\""},
  }));
  CAPTURE(c.first);
  try {
    exporters::read_jsonld("x.jsonld", c.first);
    FAIL("accepted " + c.first);
  } catch (const graph::InputError& e) {
    CHECK(e.diagnostic().message.find(c.second) != std::string::npos);
    CHECK(e.diagnostic().line == 1);
  }
  SECTION("a graph without the metadata node") {
    std::string text = exporters::write_jsonld(graph::KnowledgeGraph{});
    const auto from = text.find("{\n   \"@type\": \"Dataset\"");
    const auto to = text.find('}', from);
    REQUIRE(from != std::string::npos);
    text.erase(from, to + 1 - from);
    try {
      exporters::read_jsonld("x.jsonld", text);
      FAIL("accepted a graph without metadata");
    } catch (const graph::InputError& e) {
      CHECK(e.diagnostic().message.find("no metadata node") != std::string::npos);
    }
  }
}

TEST_CASE("jsonld.js reads the output in safe mode and finds every triple", "[export][jsonld][js]") {
  const auto dir = testing::temp_dir("jsonld_js");
  const auto graph = rich_graph();
  const auto file = dir / "graph.jsonld";
  testing::write_file(file, exporters::write_jsonld(graph));
  const auto script = testing::source_dir() / "tests/js/check_jsonld.mjs";
  const auto r = testing::run("node '" + script.string() + "' '" + file.string() + "'", dir);
  INFO("stderr: " << r.err);
  if (r.status == 127 || r.status == 3)
    FAIL("node or jsonld.js is missing: run the README's setup (npm install --prefix tests/js)");
  REQUIRE(r.status == 0);
  CHECK(std::stoul(r.out) == exporters::count_triples(graph));

  SECTION("and refuses a graph using an undefined term") {
    std::string text = exporters::write_jsonld(graph);
    replace_after(text, "\"@type\": \"Statement\"", "\"polarity\"", "\"polarty\"");
    testing::write_file(file, text);
    const auto bad = testing::run("node '" + script.string() + "' '" + file.string() + "'", dir);
    CHECK(bad.status == 1);
    CHECK(bad.err.find("Safe mode") != std::string::npos);
  }
}

TEST_CASE("a graph may lack the terms of relations it does not use", "[export][jsonld]") {
  const std::string good = exporters::write_jsonld(rich_graph());
  auto without = [&good](std::string_view relation) {
    std::string text = good;
    const std::string line =
        "  \"" + std::string(relation) + "\": {\"@id\": \"ng:" + std::string(relation) + "\", \"@type\": \"@id\"},\n";
    const auto at = text.find(line);
    REQUIRE(at != std::string::npos);
    text.erase(at, line.size());
    return text;
  };
  SECTION("an unused relation: read as usual, written back with the term") {
    CHECK(exporters::write_jsonld(exporters::read_jsonld("g.jsonld", without("leads"))) == good);
  }
  SECTION("a used relation: an error where it is first used") {
    const std::string text = without("demands");
    try {
      exporters::read_jsonld("g.jsonld", text);
      FAIL("a graph using 'demands' without its term was accepted");
    } catch (const graph::InputError& e) {
      CHECK(e.diagnostic().message.find(
                "the relation 'demands' is used but the file's \"@context\" does not define it") != std::string::npos);
      CHECK(e.diagnostic().line == line_of(text, text.find("\"demands\": [")));
      CHECK(e.diagnostic().column == 4);
    }
  }
}

TEST_CASE("the reader turns any damaged graph into an InputError, never a crash", "[export][jsonld]") {
  const std::string good = exporters::write_jsonld(rich_graph());
  std::mt19937 random(20261124);  // fixed seed: failures reproduce
  auto pick = [&random](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };
  const std::string tokens[] = {"\"", "{", "}", "[", "]", ",", ":", "0", "-1", "1e400", "null", "true", "\"x\"", ""};
  for (int round = 0; round < 400; ++round) {
    std::string bad = good;
    switch (round % 4) {
      case 0:  // truncated
        bad.resize(pick(bad.size()));
        break;
      case 1: {  // one byte range replaced by a JSON token
        const auto at = pick(bad.size());
        bad.replace(at, pick(8), tokens[pick(std::size(tokens))]);
        break;
      }
      case 2: {  // one line deleted
        const auto at = bad.rfind('\n', pick(bad.size()));
        const auto end = bad.find('\n', at + 1);
        if (at != std::string::npos && end != std::string::npos) bad.erase(at, end - at);
        break;
      }
      default: {  // one value swapped for another line's value
        const auto from = bad.find(": ", pick(bad.size()));
        const auto to = bad.find(": ", pick(bad.size()));
        if (from != std::string::npos && to != std::string::npos) {
          const auto from_end = bad.find('\n', from), to_end = bad.find('\n', to);
          const std::string value = bad.substr(to, to_end - to);
          bad.replace(from, from_end - from, value);
        }
        break;
      }
    }
    CAPTURE(round);
    try {
      const auto g = exporters::read_jsonld("g.jsonld", bad);
      // Whatever was accepted must write back and read again.
      CHECK_NOTHROW(exporters::read_jsonld("again.jsonld", exporters::write_jsonld(g)));
    } catch (const graph::InputError& e) {
      CHECK(e.diagnostic().path == "g.jsonld");
      CHECK_FALSE(e.diagnostic().message.empty());
    }
  }
}

// try_read_jsonld_file, the streaming reader: it must give exactly read_jsonld's graph or decline
// (nullopt), never accept what read_jsonld refuses; and it must read what newsgraph writes.
namespace {

// What read_jsonld makes of `text`: the JSON-LD written back, or "" when it refuses it.
std::string reread(const std::string& text) {
  try {
    return exporters::write_jsonld(exporters::read_jsonld("g.jsonld", text));
  } catch (const graph::InputError&) {
    return "";
  }
}

// What the streaming reader makes of `text` written to a file: the JSON-LD written back, or nothing.
std::optional<std::string> stream_reread(const std::filesystem::path& dir, const std::string& text) {
  testing::write_file(dir / "g.jsonld", text);
  const auto g = exporters::try_read_jsonld_file(dir / "g.jsonld");
  if (!g) return std::nullopt;
  return exporters::write_jsonld(*g);
}

}  // namespace

TEST_CASE("the streaming reader reads what newsgraph writes and gives read_jsonld's graph", "[export][jsonld][stream]") {
  const auto dir = testing::temp_dir("jsonld_stream_" + std::to_string(::getpid()));
  SECTION("the rich graph, the empty graph and a byte order mark") {
    const std::string rich = exporters::write_jsonld(rich_graph());
    CHECK(stream_reread(dir, rich) == rich);
    const std::string empty = exporters::write_jsonld(graph::KnowledgeGraph{});
    CHECK(stream_reread(dir, empty) == empty);
    CHECK(stream_reread(dir, "\xEF\xBB\xBF" + rich) == rich);
  }
  SECTION("nodes larger than the read block and nodes across block boundaries") {
    auto docs = rich_documents();
    graph::KnowledgeGraph g;
    for (const auto& d : docs) g.add(d);
    // One entity with 40,000 mentions (a node of about 6 MB) and many small statements around it.
    graph::Entity big{"big", graph::EntityType::Country, "بلد كبير", "Big", {}, "", 1.0, {}};
    for (std::uint32_t i = 0; i < 40000; ++i)
      big.mentions.push_back({"000_a.txt", {i * 10, i * 10 + 8}, "بلد كبير جدا " + std::to_string(i % 97), graph::MentionKind::Name});
    g.add_entity(big);
    for (std::uint32_t i = 0; i < 3000; ++i) {
      graph::Statement s{"big", "attacks", i % 2 ? "iraq" : "united_states", i % 3 ? "000_a.txt" : "002_c.txt",
                         graph::Polarity::Positive, graph::Modality::Asserted, 0.5, "19", "", std::nullopt, "",
                         {evidence(i * 7, "هاجم البلد الكبير " + std::to_string(i), "attack", 0.5)}};
      g.add_statement(s);
    }
    const std::string text = exporters::write_jsonld(g);
    REQUIRE(text.size() > 6u << 20);  // the entity alone is over the 4 MiB read block
    CHECK(stream_reread(dir, text) == text);
  }
  SECTION("another order of nodes, escaped surrogates, a missing file: declined, and read_jsonld reads them") {
    const std::string rich = exporters::write_jsonld(rich_graph());
    // The metadata node moved to the end of "@graph".
    const auto meta_begin = rich.find("  {\n   \"@type\": \"Dataset\"");
    const auto meta_end = rich.find("},\n", meta_begin) + 3;
    REQUIRE(meta_begin != std::string::npos);
    std::string moved = rich;
    const std::string meta = moved.substr(meta_begin, meta_end - meta_begin - 2);
    moved.erase(meta_begin, meta_end - meta_begin);
    moved.insert(moved.rfind("\n ]"), ",\n" + meta);
    CHECK(stream_reread(dir, moved) == std::nullopt);
    CHECK(reread(moved) == rich);
    // An emoji as an escaped surrogate pair in a headline: valid JSON, left to read_jsonld.
    std::string escaped = rich;
    escaped.replace(escaped.find("السوداني يطالب واشنطن"), 0, "\\ud83d\\ude00");
    CHECK(stream_reread(dir, escaped) == std::nullopt);
    CHECK_FALSE(reread(escaped).empty());
    CHECK_FALSE(exporters::try_read_jsonld_file(dir / "missing.jsonld"));
    CHECK_FALSE(exporters::try_read_jsonld_file(dir));  // a directory
  }
}

TEST_CASE("the streaming reader never accepts a damaged graph that read_jsonld refuses", "[export][jsonld][stream]") {
  const auto dir = testing::temp_dir("jsonld_stream_damaged_" + std::to_string(::getpid()));
  const std::string good = exporters::write_jsonld(rich_graph());
  std::mt19937 random(7);  // fixed seed: failures reproduce
  auto pick = [&random](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };
  const std::string tokens[] = {"\"", "{", "}", "[", "]", ",", ":", "0", "-1", "1e400", "null", "\\u0041",
                                "\\ud800", "\xff", "\xd8", "\"x\"", " ", "\n", ""};
  int declined = 0, accepted = 0;
  for (int round = 0; round < 600; ++round) {
    std::string bad = good;
    const auto at = pick(bad.size());
    if (round % 3 == 0) bad.resize(at);                                         // truncated
    else if (round % 3 == 1) bad.replace(at, pick(6), tokens[pick(std::size(tokens))]);  // a token in place of bytes
    else bad.erase(bad.rfind('\n', at) == std::string::npos ? 0 : bad.rfind('\n', at), pick(200));  // bytes deleted
    CAPTURE(round, at);
    const auto streamed = stream_reread(dir, bad);
    if (!streamed) {
      ++declined;
      continue;
    }
    ++accepted;
    CHECK(*streamed == reread(bad));  // accepted: read_jsonld accepts it too, as the same graph
  }
  CHECK(declined > 0);
  CHECK(accepted > 0);  // some damage leaves a valid graph (a space, an escaped "A" in a string, ...)
}
