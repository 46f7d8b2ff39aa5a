#pragma once
// Diagnostic and InputError: how newsgraph reports bad input (an article, a lexicon, a query, a graph
// file, an option) so that a user can act on it:
//
//   lexicons/entities.json:12:9: error: duplicate entity id 'sudani'
//     "id": "sudani",
//           ^
//     near «"sudani"»
//
// Lines and columns are 1-based; columns count Unicode code points. Carets misplace under right-to-left
// text in most terminals, so the offending fragment is always quoted as well. Broken invariants (bugs)
// are not diagnostics: they throw std::logic_error.

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace newsgraph::graph {

struct Diagnostic {
  std::string path;        // file path, "query", "<stdin>", or an option name
  std::size_t line = 0;    // 0: no position (the whole input is wrong)
  std::size_t column = 0;
  std::optional<std::size_t> byte_offset;
  std::string message;     // what was expected, in the user's terms
  std::string source_line; // the line of input around the error, for display
  std::string fragment;    // the offending text, quoted in the message

  // "path:line:col: error: message" (or "path: error: message"), then the source line, a caret and
  // the fragment when known.
  std::string format() const;
};

// Builds a diagnostic for byte offset `offset` of `text` (clamped to its size), computing line, column
// and source line. `fragment_bytes` bytes from the offset are quoted (cut at the line end).
Diagnostic diagnose_at(std::string_view path, std::string_view text, std::size_t offset,
                       std::string message, std::size_t fragment_bytes = 0);

// Thrown for bad input; the CLI prints diagnostic().format() and exits with status 1.
class InputError : public std::runtime_error {
 public:
  explicit InputError(Diagnostic diagnostic);
  InputError(std::string path, std::string message);  // no position
  const Diagnostic& diagnostic() const { return diagnostic_; }

 private:
  Diagnostic diagnostic_;
};

}  // namespace newsgraph::graph
