// graph::json::parse and graph::check_utf8: what every JSON file (lexicons, ontology, JSON-LD, JSON
// Lines) and every query goes through. Invalid UTF-8 anywhere is reported at its byte, line and column;
// an escaped lone UTF-16 surrogate, which RapidJSON 1.1.0 would turn into invalid UTF-8 in a string, is
// refused; so are deep nesting and syntax errors. Every string of an accepted document is UTF-8.
#include <catch2/catch.hpp>

#include <string>

#include "graph/json_input.h"
#include "graph/utf8.h"

namespace graph = newsgraph::graph;
namespace json = newsgraph::graph::json;

namespace {

graph::Diagnostic parse_error(const std::string& text) {
  try {
    (void)json::parse("f.json", text);
  } catch (const graph::InputError& e) {
    return e.diagnostic();
  }
  FAIL("accepted: " << text);
  return {};
}

}  // namespace

TEST_CASE("check_utf8 names the first malformed sequence by byte, line and column", "[graph][utf8]") {
  CHECK_NOTHROW(graph::check_utf8("", "x"));
  CHECK_NOTHROW(graph::check_utf8("قال السوداني\n\xEF\xBB\xBF\xF0\x9F\x98\x80", "x"));
  CHECK_FALSE(graph::find_invalid_utf8("نص").has_value());
  const auto bad = graph::find_invalid_utf8("نص\n\xC0\xAF");
  REQUIRE(bad.has_value());
  CHECK(bad->offset == 5);
  CHECK(std::string(bad->what) == "overlong encoding");
  try {
    graph::check_utf8("نص\nab\x80z", "opt");
    FAIL("accepted");
  } catch (const graph::InputError& e) {
    CHECK(e.diagnostic().format() == "opt:2:3: error: invalid UTF-8 (unexpected continuation byte) at byte 7\n  ab\n    ^");
    CHECK(e.diagnostic().byte_offset == 7u);
  }
}

TEST_CASE("JSON with invalid UTF-8 is refused at the byte, inside strings or not", "[graph][json][utf8]") {
  struct Case {
    std::string text;
    std::size_t offset, line, column;
  };
  const auto c = GENERATE(values<Case>({
      {"{\"name\": \"caf\xe9\"}", 13, 1, 14},
      {"{\"نص\": 1,\n \xff: 2}", 13, 2, 2},  // outside a string: RapidJSON alone says "Invalid value"
      {"{\"a\": [1, 2]}\xc3", 13, 1, 14},
  }));
  INFO(c.text);
  const auto d = parse_error(c.text);
  CHECK(d.message.starts_with("invalid UTF-8 ("));
  CHECK(d.message.ends_with(" at byte " + std::to_string(c.offset)));
  CHECK(d.byte_offset == c.offset);
  CHECK(d.line == c.line);
  CHECK(d.column == c.column);
}

TEST_CASE("an escaped lone UTF-16 surrogate is refused, a pair is read", "[graph][json][utf8]") {
  SECTION("a lone low surrogate") {
    const auto d = parse_error("{\"name\": \"x\\udc00y\"}");
    CHECK(d.message.starts_with("invalid JSON: the escape of a UTF-16 low surrogate"));
    CHECK(d.line == 1);
    CHECK(d.column == 12);
    CHECK(d.fragment == "\\udc00");
  }
  SECTION("a low surrogate after a high one that is already paired") {
    CHECK(parse_error(R"(["\ud83d\ude00\ude00"])").column == 15);
  }
  SECTION("a lone high surrogate (RapidJSON's own check)") {
    CHECK(parse_error(R"(["\ud83d x"])").message.starts_with("invalid JSON: "));
  }
  SECTION("an escaped backslash before u is not an escape") {
    const auto doc = json::parse("f.json", R"(["\\udc00"])");
    CHECK(std::string(doc[0u].GetString()) == "\\udc00");
  }
  SECTION("a pair and ordinary escapes") {
    const auto doc = json::parse("f.json", R"({"k": "\ud83d\ude00 \u0627\"\\\n"})");
    const std::string s = doc["k"].GetString();
    CHECK(s == "\xF0\x9F\x98\x80 \xD8\xA7\"\\\n");
    CHECK_FALSE(graph::find_invalid_utf8(s).has_value());
  }
}

TEST_CASE("deep nesting is refused before RapidJSON recurses", "[graph][json]") {
  const auto d = parse_error(std::string(100000, '['));
  CHECK(d.message == "invalid JSON: nested too deeply (more than 256 levels of arrays and objects)");
  CHECK(d.column == 257);
  CHECK_NOTHROW(json::parse("f.json", std::string(200, '[') + std::string(200, ']')));
}

TEST_CASE("full precision reads back every shortest double exactly", "[graph][json]") {
  // 0.1 + 0.2 is 0.30000000000000004; 5e-324 the smallest subnormal.
  const auto doc = json::parse("f.json", "[0.30000000000000004, 5e-324, 0.7000000000000001]", json::Numbers::FullPrecision);
  CHECK(doc[0u].GetDouble() == 0.1 + 0.2);
  CHECK(doc[1u].GetDouble() == 5e-324);
  CHECK(doc[2u].GetDouble() == 0.7000000000000001);
}

TEST_CASE("a byte order mark before JSON is skipped and offsets stay those of the file", "[graph][json]") {
  const auto doc = json::parse("f.json", "\xEF\xBB\xBF{\"a\": 1}");
  CHECK(doc["a"].GetInt() == 1);
  const auto d = parse_error("\xEF\xBB\xBF{\"a\": 1,\n \"b\" 2}");
  CHECK(d.message.starts_with("invalid JSON: "));
  CHECK(d.byte_offset == 17u);
  CHECK(d.line == 2);
  CHECK(d.column == 6);
  const std::string plain = "{\"a\": [1, {\"b\": 2}]}";
  CHECK(json::locate("\xEF\xBB\xBF" + plain, "/a/1/b") == json::locate(plain, "/a/1/b") + 3);
  CHECK(json::locate(plain, "/a/1/b") > 10);
}
