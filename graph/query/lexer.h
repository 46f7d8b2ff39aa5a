#pragma once
// Lexer for the query language, internal to graph/query: UTF-8 text (checked) → tokens with byte ranges.
// Keywords are identifiers matched case-insensitively by the parser (Cypher allows `match`, `MATCH`).
//
//   Lexer lex(text, "query");
//   for (Token t = lex.next(); t.kind != TokenKind::End; t = lex.next()) ...

#include <cstdint>
#include <string>
#include <string_view>

#include "graph/query/syntax.h"

namespace newsgraph::graph::query {

enum class TokenKind : std::uint8_t {
  End,
  Identifier,  // letters, digits, '_', any non-ASCII; or `back-quoted`
  String,      // '...' or "..." ; text holds the unescaped value
  Integer,
  Float,
  LParen, RParen, LBracket, RBracket, LBrace, RBrace,
  Colon, Comma, Dot, DotDot, Pipe, Star, Semicolon,
  Eq, Ne, Lt, Le, Gt, Ge, Minus, Plus,
};

std::string_view describe(TokenKind kind);  // "')'", "a string", ...

struct Token {
  TokenKind kind = TokenKind::End;
  Range range;
  std::string text;  // identifier name, unescaped string, or number spelling
};

class Lexer {
 public:
  // Throws InputError at the first malformed UTF-8 sequence of `text` (graph/utf8.h).
  Lexer(std::string_view text, std::string_view path);
  // The next token; throws InputError on an unterminated string or comment or a stray character.
  Token next();

 private:
  [[noreturn]] void fail(std::size_t offset, std::string message, std::size_t fragment_bytes) const;
  void skip_space_and_comments();
  Token lex_string(std::size_t start);
  Token lex_number(std::size_t start);

  std::string_view text_;
  std::string_view path_;
  std::size_t pos_ = 0;
};

}  // namespace newsgraph::graph::query
