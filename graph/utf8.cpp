#include "graph/utf8.h"

#include <string>

namespace newsgraph::graph {

std::optional<Utf8Error> find_invalid_utf8(std::string_view bytes) {
  char32_t c;
  std::size_t len;
  for (std::size_t i = 0; i < bytes.size(); i += len) {
    if (static_cast<unsigned char>(bytes[i]) < 0x80) {  // ASCII, most of a query or a JSON file
      len = 1;
      continue;
    }
    if (const char* what = decode_utf8_at(bytes, i, c, len)) return Utf8Error{i, what};
  }
  return std::nullopt;
}

Diagnostic invalid_utf8(std::string_view path, std::string_view bytes, const Utf8Error& error) {
  std::string message = std::string("invalid UTF-8 (") + error.what + ") at byte " + std::to_string(error.offset);
  // Everything before the offset is valid: line, column and the quoted line come from that prefix. From
  // the whole text diagnose_at would step back to the character before a stray continuation byte, and
  // the terminal would be sent the malformed bytes.
  Diagnostic d = diagnose_at(path, bytes.substr(0, error.offset), error.offset, std::move(message));
  d.byte_offset = error.offset;
  return d;
}

void throw_invalid_utf8(std::string_view bytes, std::string_view path, std::size_t offset, const char* what) {
  throw InputError(invalid_utf8(path, bytes, Utf8Error{offset, what}));
}

void check_utf8(std::string_view bytes, std::string_view path) {
  if (const auto error = find_invalid_utf8(bytes)) throw InputError(invalid_utf8(path, bytes, *error));
}

}  // namespace newsgraph::graph
