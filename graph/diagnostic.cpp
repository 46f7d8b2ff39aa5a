#include "graph/diagnostic.h"

#include <algorithm>

namespace newsgraph::graph {
namespace {

constexpr std::string_view kExcerpt = "… ";  // starts a source line cut out of a long line

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

std::size_t count_code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return !is_continuation(static_cast<unsigned char>(c));
  }));
}

}  // namespace

std::string Diagnostic::format() const {
  std::string out = path;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
  else if (byte_offset) out += ": byte " + std::to_string(*byte_offset);
  out += ": error: " + message;
  if (!source_line.empty() && line > 0 && source_line.starts_with(kExcerpt)) {
    out += "\n  " + source_line;
  } else if (!source_line.empty() && line > 0) {
    out += "\n  " + source_line + "\n  ";
    // The caret counts code points; under right-to-left text the quoted fragment is what to trust.
    std::size_t col = 1;
    for (std::size_t i = 0; i < source_line.size() && col < column; ++i) {
      if (is_continuation(static_cast<unsigned char>(source_line[i]))) continue;
      out += source_line[i] == '\t' ? '\t' : ' ';
      ++col;
    }
    out += "^";
  }
  if (!fragment.empty()) out += "\n  near «" + fragment + "»";
  return out;
}

Diagnostic diagnose_at(std::string_view path, std::string_view text, std::size_t offset,
                       std::string message, std::size_t fragment_bytes) {
  offset = std::min(offset, text.size());
  while (offset > 0 && offset < text.size() && is_continuation(static_cast<unsigned char>(text[offset])))
    --offset;
  Diagnostic d;
  d.path = std::string(path);
  d.byte_offset = offset;
  d.message = std::move(message);
  const auto line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  const std::size_t begin = (offset == 0 || line_start == std::string_view::npos) ? 0 : line_start + 1;
  auto line_end = text.find('\n', offset);
  if (line_end == std::string_view::npos) line_end = text.size();
  d.line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + begin, '\n'));
  d.column = 1 + count_code_points(text.substr(begin, offset - begin));
  std::string_view source = text.substr(begin, line_end - begin);
  if (!source.empty() && source.back() == '\r') source.remove_suffix(1);
  // Long lines (a minified file, a 50 MB single line) are cut around the offset.
  constexpr std::size_t kMaxLine = 200;
  if (source.size() > kMaxLine) {
    std::size_t from = offset - begin > kMaxLine / 2 ? offset - begin - kMaxLine / 2 : 0;
    while (from > 0 && is_continuation(static_cast<unsigned char>(source[from]))) --from;
    std::size_t to = std::min(source.size(), from + kMaxLine);
    while (to < source.size() && is_continuation(static_cast<unsigned char>(source[to]))) ++to;
    source = source.substr(from, to - from);
    // The column stays the column in the file (editors jump to it); an excerpt that does not start at the
    // line start is marked with "…" and shown without a caret: the quoted fragment says where.
    if (from > 0) d.source_line = kExcerpt;
  }
  d.source_line += std::string(source);
  if (fragment_bytes > 0) {
    std::size_t end = std::min({offset + fragment_bytes, line_end, text.size()});
    while (end < text.size() && end < line_end && is_continuation(static_cast<unsigned char>(text[end]))) ++end;
    d.fragment = std::string(text.substr(offset, end - offset));
  }
  return d;
}

InputError::InputError(Diagnostic diagnostic)
    : std::runtime_error(diagnostic.format()), diagnostic_(std::move(diagnostic)) {}

InputError::InputError(std::string path, std::string message)
    : InputError(Diagnostic{std::move(path), 0, 0, std::nullopt, std::move(message), "", ""}) {}

}  // namespace newsgraph::graph
