// Recursive-descent parser: tokens (lexer.cpp) → SyntaxTree (syntax.h). Grammar in docs/query.md.
#include <charconv>
#include <cmath>
#include <limits>
#include <vector>

#include "graph/diagnostic.h"
#include "graph/query/lexer.h"
#include "graph/query/syntax.h"

namespace newsgraph::graph::query {
namespace {

bool keyword_equals(std::string_view word, std::string_view keyword);

// Words that cannot name a variable unless `back-quoted`.
bool is_reserved(const Token& t, std::string_view text) {
  static constexpr std::string_view kReserved[] = {
      "MATCH", "WHERE", "RETURN", "DISTINCT", "AND", "OR", "NOT", "CONTAINS", "STARTS", "ENDS", "WITH", "IN", "IS",
      "ORDER", "BY", "ASC", "DESC", "ASCENDING", "DESCENDING", "SKIP", "LIMIT", "AS"};
  if (t.kind != TokenKind::Identifier || text[t.range.begin] == '`') return false;
  for (auto k : kReserved)
    if (keyword_equals(t.text, k)) return true;
  return false;
}

bool keyword_equals(std::string_view word, std::string_view keyword) {
  if (word.size() != keyword.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(word[i])) != keyword[i]) return false;
  return true;
}

class Parser {
 public:
  Parser(std::string_view text, std::string_view path) : text_(text), path_(path) {
    Lexer lexer(text, path);
    do tokens_.push_back(lexer.next());
    while (tokens_.back().kind != TokenKind::End);
  }

  SyntaxTree parse() {
    SyntaxTree tree;
    tree.path = std::string(path_);
    tree.text = std::string(text_);
    expect_keyword("MATCH");
    do {
      if (tree.patterns.size() == kMaxPatterns)
        fail_here("a MATCH takes at most " + std::to_string(kMaxPatterns) + " patterns");
      tree.patterns.push_back(parse_pattern_part());
    } while (accept(TokenKind::Comma));
    if (accept_keyword("WHERE")) tree.where = parse_expr();
    expect_keyword("RETURN", tree.where ? "expected RETURN" : "expected ',', WHERE or RETURN");
    tree.distinct = accept_keyword("DISTINCT");
    do tree.items.push_back(parse_return_item());
    while (accept(TokenKind::Comma));
    if (accept_keyword("ORDER")) {
      expect_keyword("BY");
      do {
        SortItem item{parse_expr(), false};
        if (accept_keyword("DESC") || accept_keyword("DESCENDING")) item.descending = true;
        else if (!accept_keyword("ASC")) accept_keyword("ASCENDING");
        tree.order.push_back(std::move(item));
      } while (accept(TokenKind::Comma));
    }
    if (accept_keyword("SKIP")) tree.skip = parse_count_literal("SKIP");
    if (accept_keyword("LIMIT")) tree.limit = parse_count_literal("LIMIT");
    accept(TokenKind::Semicolon);
    if (cur().kind != TokenKind::End) {
      std::string expected = "expected end of query";
      if (tree.order.empty() && !tree.skip && !tree.limit) expected = "expected ',', ORDER BY, SKIP, LIMIT or end of query";
      fail_here(expected);
    }
    return tree;
  }

 private:
  const Token& cur() const { return tokens_[pos_]; }
  const Token& peek(std::size_t ahead = 1) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  Token take() {
    Token t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool accept(TokenKind kind) {
    if (cur().kind != kind) return false;
    take();
    return true;
  }
  bool is_keyword(std::string_view keyword, std::size_t ahead = 0) const {
    const Token& t = peek(ahead);
    return t.kind == TokenKind::Identifier && text_[t.range.begin] != '`' && keyword_equals(t.text, keyword);
  }
  bool accept_keyword(std::string_view keyword) {
    if (!is_keyword(keyword)) return false;
    take();
    return true;
  }

  [[noreturn]] void fail_at(Range range, const std::string& message) const {
    throw InputError(diagnose_at(path_, text_, range.begin, message, range.end - range.begin));
  }
  [[noreturn]] void fail_here(const std::string& message) const {
    if (cur().kind == TokenKind::End) fail_at(cur().range, message + " at end of query");
    fail_at(cur().range, message);
  }
  Token expect(TokenKind kind, std::string_view what = {}) {
    if (cur().kind != kind) fail_here("expected " + std::string(what.empty() ? describe(kind) : what));
    return take();
  }
  void expect_keyword(std::string_view keyword, std::string_view message = {}) {
    if (!accept_keyword(keyword)) fail_here(message.empty() ? "expected " + std::string(keyword) : std::string(message));
  }
  std::uint32_t begin() const { return cur().range.begin; }
  std::uint32_t last_end() const { return pos_ == 0 ? 0 : tokens_[pos_ - 1].range.end; }

  void enter(Range at) {
    if (++depth_ > kMaxNesting)
      fail_at(at, "expression nested too deeply (more than " + std::to_string(kMaxNesting) + " levels)");
  }
  void leave() { --depth_; }
  // AND/OR chains build left-deep trees: their length is capped too, so that no later phase recurses
  // without bound.
  void count_operator() {
    if (++operators_ > kMaxOperators)
      fail_here("too many AND/OR operators (more than " + std::to_string(kMaxOperators) + ")");
    take();
  }

  // ---- patterns ----

  PathPattern parse_pattern_part() {
    PathPattern path;
    const auto start = begin();
    if (is_reserved(cur(), text_)) fail_here("expected '(' starting a pattern");
    if (cur().kind == TokenKind::Identifier) {
      if (is_keyword("SHORTESTPATH") && peek().kind == TokenKind::LParen) {
        // shortestPath without a path variable
      } else {
        path.variable = take().text;
        expect(TokenKind::Eq, "'=' after a path variable");
      }
    }
    if (cur().kind == TokenKind::Identifier) {
      if (!is_keyword("SHORTESTPATH")) fail_here("expected '(' or shortestPath(");
      take();
      expect(TokenKind::LParen);
      path.shortest = true;
      parse_path(path);
      expect(TokenKind::RParen, "')' closing shortestPath(");
    } else {
      parse_path(path);
    }
    path.range = {start, last_end()};
    return path;
  }

  void parse_path(PathPattern& path) {
    path.nodes.push_back(parse_node());
    while (cur().kind == TokenKind::Minus || cur().kind == TokenKind::Lt) {
      if (path.rels.size() == kMaxPatterns)
        fail_here("a path pattern takes at most " + std::to_string(kMaxPatterns) + " relationships");
      path.rels.push_back(parse_rel());
      path.nodes.push_back(parse_node());
    }
  }

  NodePattern parse_node() {
    NodePattern node;
    const auto start = begin();
    expect(TokenKind::LParen, "'(' starting a node pattern");
    if (cur().kind == TokenKind::Identifier && !is_reserved(cur(), text_)) node.variable = take().text;
    if (accept(TokenKind::Colon)) {
      const Token label = expect(TokenKind::Identifier, "a label after ':'");
      node.label = label.text;
      node.label_range = label.range;
      if (cur().kind == TokenKind::Colon) fail_here("a node takes at most one label");
    }
    if (cur().kind == TokenKind::LBrace) node.properties = parse_properties();
    expect(TokenKind::RParen);
    node.range = {start, last_end()};
    return node;
  }

  RelPattern parse_rel() {
    RelPattern rel;
    const auto start = begin();
    const bool left = accept(TokenKind::Lt);
    expect(TokenKind::Minus, left ? "'-' after '<'" : "'-'");
    if (accept(TokenKind::LBracket)) {
      if (cur().kind == TokenKind::Identifier && !is_reserved(cur(), text_)) rel.variable = take().text;
      if (accept(TokenKind::Colon)) {
        do {
          accept(TokenKind::Colon);  // [:a|:b] as well as [:a|b]
          const Token type = expect(TokenKind::Identifier, "a relation name");
          rel.types.push_back(type.text);
          rel.type_ranges.push_back(type.range);
        } while (accept(TokenKind::Pipe));
      }
      if (accept(TokenKind::Star)) {
        rel.variable_length = true;
        if (cur().kind == TokenKind::Integer) rel.min_hops = parse_hops();
        if (accept(TokenKind::DotDot)) {
          if (cur().kind == TokenKind::Integer) rel.max_hops = parse_hops();
        } else if (rel.min_hops) {
          rel.max_hops = rel.min_hops;  // *2 means exactly two hops
        }
      }
      if (cur().kind == TokenKind::LBrace) rel.properties = parse_properties();
      expect(TokenKind::RBracket);
    }
    expect(TokenKind::Minus, "'-' closing the relationship");
    const bool right = cur().kind == TokenKind::Gt;
    if (right) {
      if (left) fail_here("a relationship points one way or none: '<-...-' or '-...->'");
      take();
    }
    rel.direction = left ? Direction::Left : right ? Direction::Right : Direction::Both;
    rel.range = {start, last_end()};
    return rel;
  }

  std::uint32_t parse_hops() {
    const Token t = take();
    std::uint32_t value = 0;
    const auto [ptr, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), value);
    if (ec != std::errc() || value > 1000) fail_at(t.range, "path length out of range (at most 1000)");
    return value;
  }

  std::vector<PropertyEntry> parse_properties() {
    std::vector<PropertyEntry> out;
    expect(TokenKind::LBrace);
    if (cur().kind != TokenKind::RBrace) {
      do {
        const Token key = expect(TokenKind::Identifier, "a property name");
        expect(TokenKind::Colon, "':' after the property name");
        Expr value = parse_unary();
        if (value.kind != ExprKind::Literal || std::holds_alternative<std::monostate>(value.value))
          fail_at(value.range, "a property map takes literal values (a string, a number or a boolean)");
        out.push_back(PropertyEntry{key.text, key.range, std::move(value)});
      } while (accept(TokenKind::Comma));
    }
    expect(TokenKind::RBrace, "',' or '}'");
    return out;
  }

  // ---- RETURN ----

  ReturnItem parse_return_item() {
    ReturnItem item;
    const auto start = begin();
    item.expr = parse_expr();
    if (accept_keyword("AS")) item.alias = expect(TokenKind::Identifier, "a column name after AS").text;
    item.range = {start, last_end()};
    return item;
  }

  Expr parse_count_literal(std::string_view clause) {
    Expr e = parse_unary();
    if (e.kind != ExprKind::Literal || !std::holds_alternative<std::int64_t>(e.value) ||
        std::get<std::int64_t>(e.value) < 0)
      fail_at(e.range, std::string(clause) + " takes a non-negative integer");
    return e;
  }

  // ---- expressions ----

  static Expr make(ExprKind kind, Range range, std::vector<Expr> children = {}) {
    Expr e;
    e.kind = kind;
    e.range = range;
    e.children = std::move(children);
    return e;
  }

  Expr parse_expr() { return parse_or(); }

  Expr parse_or() {
    Expr left = parse_and();
    while (is_keyword("OR")) {
      count_operator();
      Expr right = parse_and();
      const Range r{left.range.begin, right.range.end};
      std::vector<Expr> kids;
      kids.push_back(std::move(left));
      kids.push_back(std::move(right));
      left = make(ExprKind::Or, r, std::move(kids));
    }
    return left;
  }

  Expr parse_and() {
    Expr left = parse_not();
    while (is_keyword("AND")) {
      count_operator();
      Expr right = parse_not();
      const Range r{left.range.begin, right.range.end};
      std::vector<Expr> kids;
      kids.push_back(std::move(left));
      kids.push_back(std::move(right));
      left = make(ExprKind::And, r, std::move(kids));
    }
    return left;
  }

  Expr parse_not() {
    if (!is_keyword("NOT")) return parse_comparison();
    const auto start = cur().range;
    take();
    enter(start);
    Expr inner = parse_not();
    leave();
    const Range r{start.begin, inner.range.end};
    std::vector<Expr> kids;
    kids.push_back(std::move(inner));
    return make(ExprKind::Not, r, std::move(kids));
  }

  Expr parse_comparison() {
    Expr left = parse_unary();
    auto binary = [&](ExprKind kind, CompareOp op = CompareOp::Eq) {
      Expr right = parse_unary();
      const Range r{left.range.begin, right.range.end};
      std::vector<Expr> kids;
      kids.push_back(std::move(left));
      kids.push_back(std::move(right));
      Expr e = make(kind, r, std::move(kids));
      e.op = op;
      return e;
    };
    switch (cur().kind) {
      case TokenKind::Eq: take(); return binary(ExprKind::Compare, CompareOp::Eq);
      case TokenKind::Ne: take(); return binary(ExprKind::Compare, CompareOp::Ne);
      case TokenKind::Lt: take(); return binary(ExprKind::Compare, CompareOp::Lt);
      case TokenKind::Le: take(); return binary(ExprKind::Compare, CompareOp::Le);
      case TokenKind::Gt: take(); return binary(ExprKind::Compare, CompareOp::Gt);
      case TokenKind::Ge: take(); return binary(ExprKind::Compare, CompareOp::Ge);
      default: break;
    }
    if (accept_keyword("CONTAINS")) return binary(ExprKind::Contains);
    if (accept_keyword("STARTS")) {
      expect_keyword("WITH", "expected WITH after STARTS");
      return binary(ExprKind::StartsWith);
    }
    if (accept_keyword("ENDS")) {
      expect_keyword("WITH", "expected WITH after ENDS");
      return binary(ExprKind::EndsWith);
    }
    if (accept_keyword("IN")) {
      if (cur().kind != TokenKind::LBracket) fail_here("expected a list '[...]' after IN");
      return binary(ExprKind::In);
    }
    if (accept_keyword("IS")) {
      const bool negated = accept_keyword("NOT");
      expect_keyword("NULL", negated ? "expected NULL after IS NOT" : "expected NULL or NOT NULL after IS");
      const Range r{left.range.begin, last_end()};
      std::vector<Expr> kids;
      kids.push_back(std::move(left));
      Expr e = make(ExprKind::IsNull, r, std::move(kids));
      e.negated = negated;
      return e;
    }
    return left;
  }

  Expr parse_unary() {
    if (cur().kind != TokenKind::Minus) return parse_primary();
    const Range start = take().range;
    enter(start);
    Expr inner = parse_unary();
    leave();
    const Range r{start.begin, inner.range.end};
    if (inner.kind == ExprKind::Literal) {
      if (auto* i = std::get_if<std::int64_t>(&inner.value)) {
        inner.value = -*i;
        inner.range = r;
        return inner;
      }
      if (auto* d = std::get_if<double>(&inner.value)) {
        inner.value = -*d;
        inner.range = r;
        return inner;
      }
    }
    std::vector<Expr> kids;
    kids.push_back(std::move(inner));
    return make(ExprKind::Negate, r, std::move(kids));
  }

  Expr literal(Value value, Range range) {
    Expr e = make(ExprKind::Literal, range);
    e.value = std::move(value);
    return e;
  }

  Expr parse_primary() {
    const Token& t = cur();
    switch (t.kind) {
      case TokenKind::String: {
        Token s = take();
        return literal(std::move(s.text), s.range);
      }
      case TokenKind::Integer: {
        Token s = take();
        std::int64_t v = 0;
        const auto [ptr, ec] = std::from_chars(s.text.data(), s.text.data() + s.text.size(), v);
        if (ec != std::errc()) fail_at(s.range, "integer out of range");
        return literal(v, s.range);
      }
      case TokenKind::Float: {
        Token s = take();
        double v = 0;
        const auto [ptr, ec] = std::from_chars(s.text.data(), s.text.data() + s.text.size(), v);
        if (ec != std::errc() || !std::isfinite(v)) fail_at(s.range, "number out of range");
        return literal(v, s.range);
      }
      case TokenKind::LParen: {
        const Range open = take().range;
        enter(open);
        Expr inner = parse_expr();
        leave();
        expect(TokenKind::RParen);
        return inner;
      }
      case TokenKind::LBracket: {
        const Range open = take().range;
        enter(open);
        std::vector<Expr> items;
        if (cur().kind != TokenKind::RBracket) {
          do items.push_back(parse_expr());
          while (accept(TokenKind::Comma));
        }
        expect(TokenKind::RBracket, "',' or ']'");
        leave();
        return make(ExprKind::List, {open.begin, last_end()}, std::move(items));
      }
      case TokenKind::Identifier: break;
      default: fail_here("expected an expression");
    }
    const bool quoted = text_[t.range.begin] == '`';
    if (is_reserved(t, text_)) fail_here("expected an expression");
    if (!quoted) {
      if (is_keyword("TRUE")) return literal(true, take().range);
      if (is_keyword("FALSE")) return literal(false, take().range);
      if (is_keyword("NULL")) return literal(Value{}, take().range);
      if (peek().kind == TokenKind::LParen) return parse_call();
    }
    const Token name = take();
    if (accept(TokenKind::Dot)) {
      const Token key = expect(TokenKind::Identifier, "a property name after '.'");
      Expr e = make(ExprKind::Property, {name.range.begin, key.range.end});
      e.name = name.text;
      e.key = key.text;
      e.key_range = key.range;
      return e;
    }
    Expr e = make(ExprKind::Variable, name.range);
    e.name = name.text;
    return e;
  }

  Expr parse_call() {
    const Token name = take();
    take();  // '('
    const bool is_count = keyword_equals(name.text, "COUNT");
    const bool is_length = keyword_equals(name.text, "LENGTH");
    if (!is_count && !is_length)
      fail_at(name.range, "unknown function '" + name.text + "' (the functions are count and length)");
    Expr e;
    if (is_count && cur().kind == TokenKind::Star) {
      take();
      e = make(ExprKind::CountStar, {});
    } else {
      const bool distinct = is_count && accept_keyword("DISTINCT");
      enter(name.range);
      Expr arg = parse_expr();
      leave();
      std::vector<Expr> kids;
      kids.push_back(std::move(arg));
      e = make(is_count ? ExprKind::Count : ExprKind::Length, {}, std::move(kids));
      e.distinct = distinct;
    }
    expect(TokenKind::RParen);
    e.range = {name.range.begin, last_end()};
    return e;
  }

  std::string_view text_;
  std::string_view path_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  int operators_ = 0;
};

}  // namespace

SyntaxTree parse_tree(std::string_view text, std::string_view path) { return Parser(text, path).parse(); }

}  // namespace newsgraph::graph::query
