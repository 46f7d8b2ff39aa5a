// UTF-8 decoding: every valid sequence round-trips, every malformed one is an InputError at its byte.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "extract/utf8.h"
#include "graph/diagnostic.h"
#include "graph/utf8.h"

using newsgraph::extract::decode_utf8;
using newsgraph::extract::encode_utf8;
using newsgraph::extract::universal_newlines;

TEST_CASE("decode_utf8 decodes every sequence length and keeps a BOM", "[extract][utf8]") {
  const auto [bytes, expected] = GENERATE(table<std::string, std::u32string>({
      {"", U""},
      {"abc", U"abc"},
      {"\xC2\xA0", U"\u00A0"},
      {"\xD8\xB9\xD8\xB1\xD8\xA7\xD9\x82", U"عراق"},
      {"\xEF\xBB\xBF\xD8\xA7", U"\uFEFFا"},
      {"\xE2\x80\x8F", U"\u200F"},
      {"\xF0\x9F\x98\x80!", U"\U0001F600!"},
      {"\xF4\x8F\xBF\xBF", U"\U0010FFFF"},
      {"\xEF\xBF\xBF", U"\uFFFF"},
  }));
  CHECK(decode_utf8(bytes, "t.txt") == expected);
  CHECK(encode_utf8(expected) == bytes);
}

TEST_CASE("decode_utf8 rejects malformed input with the byte offset", "[extract][utf8]") {
  const auto [bytes, offset, reason] = GENERATE(table<std::string, std::size_t, std::string>({
      {"ab\x80", 2, "unexpected continuation byte"},
      {"\xC0\xAF", 0, "overlong"},
      {"\xC1\xBF", 0, "overlong"},
      {"x\xE0\x80\xAF", 1, "overlong"},
      {"\xF0\x82\x82\xAC", 0, "overlong"},
      {"\xED\xA0\x80", 0, "surrogate"},
      {"\xED\xBF\xBF", 0, "surrogate"},
      {"\xF4\x90\x80\x80", 0, "above U+10FFFF"},
      {"\xF5\x80\x80\x80", 0, "never occurs"},
      {"\xFF", 0, "never occurs"},
      {"ok \xD8", 3, "truncated"},
      {"\xE2\x80", 0, "truncated"},
      {"\xE2\x80z", 0, "truncated"},
      {"\xF0\x9F\x98", 0, "truncated"},
      {"\xD8\xA7\xD8x", 2, "truncated"},
      {"\xD8\xD8\xA7", 0, "truncated"},
  }));
  try {
    decode_utf8(bytes, "bad.txt");
    FAIL("no error for malformed input");
  } catch (const newsgraph::graph::InputError& e) {
    const auto& d = e.diagnostic();
    CHECK(d.path == "bad.txt");
    REQUIRE(d.byte_offset.has_value());
    CHECK(*d.byte_offset == offset);
    CHECK(d.message.find("invalid UTF-8") == 0);
    CHECK(d.message.find(reason) != std::string::npos);
  }
}

TEST_CASE("decode_utf8 reports line and column of the bad byte", "[extract][utf8]") {
  try {
    decode_utf8("سطر\nab\xFF", "multi.txt");
    FAIL("no error");
  } catch (const newsgraph::graph::InputError& e) {
    CHECK(e.diagnostic().line == 2);
    CHECK(e.diagnostic().column == 3);
    CHECK(std::string(e.what()).find("multi.txt:2:3: error: invalid UTF-8") == 0);
  }
}

TEST_CASE("encode_utf8 and decode_utf8 round-trip random scalar values", "[extract][utf8]") {
  std::mt19937 rng(20240126);
  std::uniform_int_distribution<std::uint32_t> any(0, 0x10FFFF);
  for (int round = 0; round < 200; ++round) {
    std::u32string text;
    for (int i = 0; i < 50; ++i) {
      char32_t c = any(rng);
      if (c >= 0xD800 && c <= 0xDFFF) c -= 0x800;
      text.push_back(c);
    }
    CHECK(decode_utf8(encode_utf8(text), "random") == text);
  }
}

TEST_CASE("encode_utf8 into a reused buffer gives each text's bytes alone", "[extract][utf8]") {
  // Long and short texts in random order through one buffer: a view that ran past its text, or a buffer
  // sized for fewer than four bytes a code point, would show the previous text's bytes or overflow.
  std::mt19937 rng(20261125);
  std::uniform_int_distribution<std::uint32_t> any(0, 0x10FFFF), length(0, 80);
  std::string buffer;
  for (int round = 0; round < 300; ++round) {
    std::u32string text;
    for (auto n = length(rng); n > 0; --n) {
      char32_t c = any(rng);
      if (c >= 0xD800 && c <= 0xDFFF) c -= 0x800;
      text.push_back(round % 3 == 0 ? c : round % 3 == 1 ? c % 0x80 : 0x600 + c % 0x100);
    }
    const std::string_view encoded = encode_utf8(text, buffer);
    CHECK(encoded == encode_utf8(text));
    CHECK(encoded.data() == buffer.data());
  }
  CHECK(encode_utf8(U"", buffer).empty());
}

TEST_CASE("decode_utf8 and append_utf8 agree with the one UTF-8 rule set on every one- and two-byte input",
          "[extract][utf8]") {
  // decode_utf8 takes short cuts for ASCII and two-byte sequences, encode_utf8 sizes its output first:
  // each must give what graph::decode_utf8_at says, on every input of one or two bytes.
  for (unsigned first = 0; first < 256; ++first) {
    for (unsigned second = 0; second <= 256; ++second) {  // 256: the one-byte input
      std::string bytes(1, static_cast<char>(first));
      if (second < 256) bytes.push_back(static_cast<char>(second));
      std::u32string expected;
      bool valid = true;
      char32_t c;
      std::size_t len;
      for (std::size_t i = 0; i < bytes.size() && valid; i += len) {
        valid = newsgraph::graph::decode_utf8_at(bytes, i, c, len) == nullptr;
        if (valid) expected.push_back(c);
      }
      CAPTURE(first, second);
      if (valid) {
        REQUIRE(decode_utf8(bytes, "pair") == expected);
        CHECK(encode_utf8(expected) == bytes);
        std::string appended = "x";
        for (char32_t e : expected) newsgraph::extract::append_utf8(appended, e);
        CHECK(appended == "x" + bytes);
      } else {
        CHECK_THROWS_AS(decode_utf8(bytes, "pair"), newsgraph::graph::InputError);
      }
    }
  }
}

TEST_CASE("encode_utf8 refuses values that are not scalar values", "[extract][utf8]") {
  CHECK_THROWS_AS(encode_utf8(std::u32string(1, char32_t{0xD800})), std::logic_error);
  CHECK_THROWS_AS(encode_utf8(std::u32string(1, char32_t{0x110000})), std::logic_error);
}

TEST_CASE("universal_newlines reads line ends as a text-mode reader does", "[extract][utf8]") {
  const auto [bytes, expected] = GENERATE(table<std::string, std::string>({
      {"a\r\nb", "a\nb"},
      {"a\rb", "a\nb"},
      {"a\r\r\nb\n", "a\n\nb\n"},
      {"سطر\r\n", "سطر\n"},
      {"\r", "\n"},
      {"no line end", "no line end"},
      {"", ""},
  }));
  CHECK(universal_newlines(bytes) == expected);
}
