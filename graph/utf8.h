#pragma once
// The one UTF-8 check of newsgraph. Every text input — articles (extract::decode_utf8), queries, JSON
// files (lexicons, the ontology, JSON-LD graphs, JSON Lines), file names that become document ids and
// option values that name things — is refused the same way at its first malformed sequence:
//
//   q.cypher:1:19: error: invalid UTF-8 (byte that never occurs in UTF-8) at byte 18
//
// Line and column are those of the valid text before the byte (columns count code points); overlong
// forms, encoded surrogates, code points above U+10FFFF, stray continuation bytes and truncated
// sequences are all malformed.
//
//   graph::check_utf8(query_text, "q.cypher");             // throws graph::InputError
//   if (auto bad = graph::find_invalid_utf8(line)) ...      // where and what, to word it yourself
//
// Decoders loop over decode_utf8_at, which holds the rules:
//
//   char32_t c; std::size_t len;
//   if (const char* what = graph::decode_utf8_at(bytes, i, c, len)) graph::throw_invalid_utf8(bytes, path, i, what);

#include <cstddef>
#include <optional>
#include <string_view>

#include "graph/diagnostic.h"

namespace newsgraph::graph {

// Decodes the code point that starts at bytes[i] (i < bytes.size()) into `c`, its length into `len`, and
// returns nullptr; or returns what is wrong there ("unexpected continuation byte", "overlong encoding",
// ...) when the bytes at `i` are not UTF-8.
inline const char* decode_utf8_at(std::string_view bytes, std::size_t i, char32_t& c, std::size_t& len) {
  const auto b0 = static_cast<unsigned char>(bytes[i]);
  if (b0 < 0x80) {
    c = b0, len = 1;
    return nullptr;
  }
  // A lead C2-DF and a continuation byte (Arabic letters) is always valid: such a sequence can be neither
  // overlong nor a surrogate nor too large.
  if (b0 >= 0xC2 && b0 <= 0xDF && i + 1 < bytes.size() && (static_cast<unsigned char>(bytes[i + 1]) & 0xC0) == 0x80) {
    c = (static_cast<char32_t>(b0 & 0x1F) << 6) | (static_cast<unsigned char>(bytes[i + 1]) & 0x3F), len = 2;
    return nullptr;
  }
  char32_t min;
  if (b0 >= 0xC2 && b0 <= 0xDF) len = 2, c = b0 & 0x1F, min = 0x80;
  else if (b0 >= 0xE0 && b0 <= 0xEF) len = 3, c = b0 & 0x0F, min = 0x800;
  else if (b0 >= 0xF0 && b0 <= 0xF4) len = 4, c = b0 & 0x07, min = 0x10000;
  else if (b0 <= 0xBF) return "unexpected continuation byte";
  else if (b0 == 0xC0 || b0 == 0xC1) return "overlong encoding";
  else return "byte that never occurs in UTF-8";
  for (std::size_t k = 1; k < len; ++k) {
    if (i + k >= bytes.size()) return "truncated sequence at end of input";
    const auto b = static_cast<unsigned char>(bytes[i + k]);
    if ((b & 0xC0) != 0x80) return "truncated sequence";
    c = (c << 6) | (b & 0x3F);
  }
  if (c < min) return "overlong encoding";
  if (c >= 0xD800 && c <= 0xDFFF) return "encoded surrogate";
  if (c > 0x10FFFF) return "code point above U+10FFFF";
  return nullptr;
}

// The first malformed sequence of some bytes: where it starts and what is wrong.
struct Utf8Error {
  std::size_t offset;
  const char* what;
};

// The first malformed sequence of `bytes`, or nothing when they are all UTF-8.
std::optional<Utf8Error> find_invalid_utf8(std::string_view bytes);

// The diagnostic of `error` in `bytes` read from `path`: "invalid UTF-8 (what) at byte N" at the line and
// column of the valid text before it, with byte_offset N.
Diagnostic invalid_utf8(std::string_view path, std::string_view bytes, const Utf8Error& error);

[[noreturn]] void throw_invalid_utf8(std::string_view bytes, std::string_view path, std::size_t offset, const char* what);

// Throws InputError (invalid_utf8) at the first malformed sequence of `bytes`.
void check_utf8(std::string_view bytes, std::string_view path);

}  // namespace newsgraph::graph
