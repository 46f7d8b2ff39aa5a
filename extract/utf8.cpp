#include "extract/utf8.h"

#include <stdexcept>

#include "graph/utf8.h"

namespace newsgraph::extract {

namespace {

// Writes a code point of three or four bytes (a valid scalar value, else std::logic_error) at `p`; returns
// how many bytes it wrote. Out of line: rare in Arabic and Latin text, and it may throw.
std::size_t put_long_utf8(char32_t c, char* p) {
  if (c < 0x10000) {
    if (c >= 0xD800 && c <= 0xDFFF) throw std::logic_error("encode_utf8: surrogate code point");
    p[0] = static_cast<char>(0xE0 | (c >> 12));
    p[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    p[2] = static_cast<char>(0x80 | (c & 0x3F));
    return 3;
  }
  if (c > 0x10FFFF) throw std::logic_error("encode_utf8: code point above U+10FFFF");
  p[0] = static_cast<char>(0xF0 | (c >> 18));
  p[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
  p[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  p[3] = static_cast<char>(0x80 | (c & 0x3F));
  return 4;
}

// Writes code point `c` (a valid scalar value, else std::logic_error) as UTF-8 at `p`; returns how many
// bytes (1-4) it wrote. ASCII and two-byte sequences (Arabic, accented Latin) are written in line.
inline std::size_t put_utf8(char32_t c, char* p) {
  if (c < 0x80) {
    p[0] = static_cast<char>(c);
    return 1;
  }
  if (c < 0x800) {
    p[0] = static_cast<char>(0xC0 | (c >> 6));
    p[1] = static_cast<char>(0x80 | (c & 0x3F));
    return 2;
  }
  return put_long_utf8(c, p);
}

}  // namespace

std::u32string decode_utf8(std::string_view bytes, std::string_view path) {
  // Every code point takes at least one byte: write into a string of that size and cut it to what was
  // decoded, instead of a push_back (capacity check) per code point.
  std::u32string out(bytes.size(), U'\0');
  char32_t* o = out.data();
  const auto* const begin = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* const end = begin + bytes.size();
  const unsigned char* p = begin;
  while (p != end) {
    // ASCII and two-byte sequences (Arabic) in line, through pointers; decode_utf8_at, which holds the
    // rules, for the rest (and to say what is wrong).
    const unsigned b0 = *p;
    if (b0 < 0x80) {
      *o++ = b0;
      ++p;
      continue;
    }
    if (b0 >= 0xC2 && b0 <= 0xDF && end - p >= 2 && (p[1] & 0xC0) == 0x80) {
      *o++ = (static_cast<char32_t>(b0 & 0x1F) << 6) | (p[1] & 0x3F);
      p += 2;
      continue;
    }
    char32_t c;
    std::size_t len;
    const auto i = static_cast<std::size_t>(p - begin);
    if (const char* what = graph::decode_utf8_at(bytes, i, c, len)) graph::throw_invalid_utf8(bytes, path, i, what);
    *o++ = c;
    p += len;
  }
  out.resize(static_cast<std::size_t>(o - out.data()));
  return out;
}

void append_utf8(std::string& out, char32_t c) {
  char bytes[4];
  const std::size_t n = put_utf8(c, bytes);
  out.append(bytes, n);
}

std::string universal_newlines(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] != '\r') {
      out.push_back(bytes[i]);
      continue;
    }
    out.push_back('\n');
    if (i + 1 < bytes.size() && bytes[i + 1] == '\n') ++i;
  }
  return out;
}

std::string encode_utf8(std::u32string_view text) {
  // Two passes, sizing the result exactly and then writing it, cost less than a push_back per byte.
  std::size_t size = 0;
  for (char32_t c : text) size += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  std::string out(size, '\0');
  char* p = out.data();
  for (char32_t c : text) p += put_utf8(c, p);
  return out;
}

std::string_view encode_utf8(std::u32string_view text, std::string& buffer) {
  // One pass at the bound of four bytes per code point. The buffer is never shrunk, so once it has grown
  // to a document's longest text, encoding allocates and zero-fills nothing.
  if (buffer.size() < 4 * text.size()) buffer.resize(4 * text.size());
  char* const begin = buffer.data();
  char* p = begin;
  for (char32_t c : text) p += put_utf8(c, p);
  return {begin, static_cast<std::size_t>(p - begin)};
}

}  // namespace newsgraph::extract
