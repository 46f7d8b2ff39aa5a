#include "graph/query/lexer.h"

#include <algorithm>
#include <cctype>

#include "graph/diagnostic.h"
#include "graph/utf8.h"

namespace newsgraph::graph::query {
namespace {

bool is_ident_start(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool is_ident_char(unsigned char c) { return is_ident_start(c) || std::isdigit(c); }

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::string_view describe(TokenKind kind) {
  switch (kind) {
    case TokenKind::End: return "end of query";
    case TokenKind::Identifier: return "a name";
    case TokenKind::String: return "a string";
    case TokenKind::Integer: return "an integer";
    case TokenKind::Float: return "a number";
    case TokenKind::LParen: return "'('";
    case TokenKind::RParen: return "')'";
    case TokenKind::LBracket: return "'['";
    case TokenKind::RBracket: return "']'";
    case TokenKind::LBrace: return "'{'";
    case TokenKind::RBrace: return "'}'";
    case TokenKind::Colon: return "':'";
    case TokenKind::Comma: return "','";
    case TokenKind::Dot: return "'.'";
    case TokenKind::DotDot: return "'..'";
    case TokenKind::Pipe: return "'|'";
    case TokenKind::Star: return "'*'";
    case TokenKind::Semicolon: return "';'";
    case TokenKind::Eq: return "'='";
    case TokenKind::Ne: return "'<>'";
    case TokenKind::Lt: return "'<'";
    case TokenKind::Le: return "'<='";
    case TokenKind::Gt: return "'>'";
    case TokenKind::Ge: return "'>='";
    case TokenKind::Minus: return "'-'";
    case TokenKind::Plus: return "'+'";
  }
  return "a token";
}

Lexer::Lexer(std::string_view text, std::string_view path) : text_(text), path_(path) {
  // Identifiers take any non-ASCII byte and strings copy bytes: without this check a stray byte would
  // become part of a name ("unknown variable 'a\xff'") or be written back out in a result.
  check_utf8(text_, path_);
  if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;  // a byte order mark (a query file saved on Windows)
}

void Lexer::fail(std::size_t offset, std::string message, std::size_t fragment_bytes) const {
  throw InputError(diagnose_at(path_, text_, offset, std::move(message), fragment_bytes));
}

void Lexer::skip_space_and_comments() {
  while (pos_ < text_.size()) {
    const unsigned char c = static_cast<unsigned char>(text_[pos_]);
    if (std::isspace(c)) {
      ++pos_;
    } else if (text_.substr(pos_, 2) == "//") {
      while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
    } else if (text_.substr(pos_, 2) == "/*") {
      const auto end = text_.find("*/", pos_ + 2);
      if (end == std::string_view::npos) fail(pos_, "unterminated comment", 2);
      pos_ = end + 2;
    } else {
      return;
    }
  }
}

Token Lexer::lex_string(std::size_t start) {
  const char quote = text_[start];
  Token t{TokenKind::String, {}, {}};
  std::size_t i = start + 1;
  while (true) {
    if (i >= text_.size()) fail(start, "unterminated string literal", text_.size() - start);
    const char c = text_[i];
    if (c == quote) break;
    if (c == '\n') fail(start, "unterminated string literal (strings end on the same line)", i - start);
    if (c != '\\') {
      t.text += c;
      ++i;
      continue;
    }
    if (i + 1 >= text_.size()) fail(i, "unterminated string literal", 1);
    const char e = text_[i + 1];
    switch (e) {
      case '\\': case '\'': case '"': t.text += e; i += 2; break;
      case 'n': t.text += '\n'; i += 2; break;
      case 't': t.text += '\t'; i += 2; break;
      case 'r': t.text += '\r'; i += 2; break;
      case 'u': {
        std::uint32_t cp = 0;
        for (std::size_t k = 0; k < 4; ++k) {
          const std::size_t at = i + 2 + k;
          if (at >= text_.size() || !std::isxdigit(static_cast<unsigned char>(text_[at])))
            fail(i, "expected four hex digits after \\u", std::min<std::size_t>(6, text_.size() - i));
          const char h = text_[at];
          cp = cp * 16 + static_cast<std::uint32_t>(std::isdigit(static_cast<unsigned char>(h))
                                                        ? h - '0'
                                                        : std::tolower(static_cast<unsigned char>(h)) - 'a' + 10);
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) fail(i, "a \\u escape must not be a surrogate", 6);
        append_utf8(t.text, cp);
        i += 6;
        break;
      }
      default: fail(i, "unknown escape sequence in string", 2);
    }
  }
  pos_ = i + 1;
  t.range = {static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(pos_)};
  return t;
}

Token Lexer::lex_number(std::size_t start) {
  std::size_t i = start;
  while (i < text_.size() && std::isdigit(static_cast<unsigned char>(text_[i]))) ++i;
  TokenKind kind = TokenKind::Integer;
  // "1..3" is an integer followed by '..', not a float.
  if (i + 1 < text_.size() && text_[i] == '.' && std::isdigit(static_cast<unsigned char>(text_[i + 1]))) {
    kind = TokenKind::Float;
    ++i;
    while (i < text_.size() && std::isdigit(static_cast<unsigned char>(text_[i]))) ++i;
  }
  if (i < text_.size() && (text_[i] == 'e' || text_[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < text_.size() && (text_[j] == '+' || text_[j] == '-')) ++j;
    if (j < text_.size() && std::isdigit(static_cast<unsigned char>(text_[j]))) {
      kind = TokenKind::Float;
      i = j;
      while (i < text_.size() && std::isdigit(static_cast<unsigned char>(text_[i]))) ++i;
    }
  }
  if (i < text_.size() && is_ident_char(static_cast<unsigned char>(text_[i])))
    fail(start, "malformed number", i + 1 - start);
  pos_ = i;
  return Token{kind, {static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(i)},
               std::string(text_.substr(start, i - start))};
}

Token Lexer::next() {
  skip_space_and_comments();
  const std::size_t start = pos_;
  auto make = [&](TokenKind kind, std::size_t length) {
    pos_ = start + length;
    return Token{kind, {static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(pos_)}, {}};
  };
  if (pos_ >= text_.size()) return make(TokenKind::End, 0);
  const unsigned char c = static_cast<unsigned char>(text_[pos_]);
  if (c == '\'' || c == '"') return lex_string(start);
  if (std::isdigit(c)) return lex_number(start);
  if (c == '`') {
    const auto end = text_.find('`', start + 1);
    if (end == std::string_view::npos) fail(start, "unterminated `quoted name`", text_.size() - start);
    if (end == start + 1) fail(start, "empty `quoted name`", 2);
    pos_ = end + 1;
    return Token{TokenKind::Identifier, {static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(pos_)},
                 std::string(text_.substr(start + 1, end - start - 1))};
  }
  if (is_ident_start(c)) {
    std::size_t i = start;
    while (i < text_.size() && is_ident_char(static_cast<unsigned char>(text_[i]))) ++i;
    pos_ = i;
    return Token{TokenKind::Identifier, {static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(i)},
                 std::string(text_.substr(start, i - start))};
  }
  const char n = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
  switch (c) {
    case '(': return make(TokenKind::LParen, 1);
    case ')': return make(TokenKind::RParen, 1);
    case '[': return make(TokenKind::LBracket, 1);
    case ']': return make(TokenKind::RBracket, 1);
    case '{': return make(TokenKind::LBrace, 1);
    case '}': return make(TokenKind::RBrace, 1);
    case ':': return make(TokenKind::Colon, 1);
    case ',': return make(TokenKind::Comma, 1);
    case '.': return n == '.' ? make(TokenKind::DotDot, 2) : make(TokenKind::Dot, 1);
    case '|': return make(TokenKind::Pipe, 1);
    case '*': return make(TokenKind::Star, 1);
    case ';': return make(TokenKind::Semicolon, 1);
    case '=': return make(TokenKind::Eq, 1);
    case '+': return make(TokenKind::Plus, 1);
    case '-': return make(TokenKind::Minus, 1);
    case '!':
      if (n == '=') return make(TokenKind::Ne, 2);
      break;
    case '<':
      if (n == '>') return make(TokenKind::Ne, 2);
      if (n == '=') return make(TokenKind::Le, 2);
      return make(TokenKind::Lt, 1);
    case '>':
      if (n == '=') return make(TokenKind::Ge, 2);
      return make(TokenKind::Gt, 1);
    default: break;
  }
  fail(start, "unexpected character", 1);
}

}  // namespace newsgraph::graph::query
