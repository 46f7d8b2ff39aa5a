#include "extract/utf8.h"

#include <stdexcept>

#include "graph/diagnostic.h"

namespace newsgraph::extract {
namespace {

[[noreturn]] void fail(std::string_view bytes, std::string_view path, std::size_t offset, const char* what) {
  std::string message = "invalid UTF-8 (";
  message += what;
  message += ") at byte " + std::to_string(offset);
  graph::Diagnostic d = graph::diagnose_at(path, bytes, offset, std::move(message));
  // diagnose_at moves back to a character start, which for a stray continuation byte is the character
  // before it. Everything before `offset` is valid UTF-8: take line and column from that prefix, and keep
  // the offending byte itself (the fragment would be the previous character, or an unprintable byte).
  const graph::Diagnostic here = graph::diagnose_at(path, bytes.substr(0, offset), offset, "");
  d.line = here.line;
  d.column = here.column;
  d.byte_offset = offset;
  throw graph::InputError(std::move(d));
}

}  // namespace

std::u32string decode_utf8(std::string_view bytes, std::string_view path) {
  std::u32string out;
  out.reserve(bytes.size());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    const auto b0 = static_cast<unsigned char>(bytes[i]);
    if (b0 < 0x80) {
      out.push_back(b0);
      ++i;
      continue;
    }
    std::size_t len;
    char32_t c;
    char32_t min;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2, c = b0 & 0x1F, min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3, c = b0 & 0x0F, min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4, c = b0 & 0x07, min = 0x10000;
    } else if (b0 >= 0x80 && b0 <= 0xBF) {
      fail(bytes, path, i, "unexpected continuation byte");
    } else if (b0 == 0xC0 || b0 == 0xC1) {
      fail(bytes, path, i, "overlong encoding");
    } else {
      fail(bytes, path, i, "byte that never occurs in UTF-8");
    }
    for (std::size_t k = 1; k < len; ++k) {
      if (i + k >= n) fail(bytes, path, i, "truncated sequence at end of input");
      const auto b = static_cast<unsigned char>(bytes[i + k]);
      if ((b & 0xC0) != 0x80) fail(bytes, path, i, "truncated sequence");
      c = (c << 6) | (b & 0x3F);
    }
    if (c < min) fail(bytes, path, i, "overlong encoding");
    if (c >= 0xD800 && c <= 0xDFFF) fail(bytes, path, i, "encoded surrogate");
    if (c > 0x10FFFF) fail(bytes, path, i, "code point above U+10FFFF");
    out.push_back(c);
    i += len;
  }
  return out;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    if (c >= 0xD800 && c <= 0xDFFF) throw std::logic_error("encode_utf8: surrogate code point");
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c <= 0x10FFFF) {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    throw std::logic_error("encode_utf8: code point above U+10FFFF");
  }
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
  std::string out;
  out.reserve(text.size() * 2);
  for (char32_t c : text) append_utf8(out, c);
  return out;
}

}  // namespace newsgraph::extract
