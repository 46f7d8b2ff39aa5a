// Parser tests: query → canonical tree dump tables, print → parse → same dump round trips, and syntax
// errors checked for message, line, column and fragment.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "graph/diagnostic.h"
#include "graph/query/query.h"

using newsgraph::graph::InputError;
using newsgraph::graph::query::Query;

namespace {

struct DumpCase {
  const char* query;
  const char* dump;
};

}  // namespace

TEST_CASE("queries parse to canonical trees", "[query][parser]") {
  const auto c = GENERATE(values<DumpCase>({
      {"MATCH (a) RETURN a", "(query (match (path (node a))) (return (item (var a))))"},
      {"match (a:Person) return a.id",
       "(query (match (path (node a :Person))) (return (item (prop a id))))"},
      {"MATCH (a {id: 'sudani', name_en: \"Sudani\"}) RETURN a.name",
       "(query (match (path (node a {id='sudani', name_en='Sudani'}))) (return (item (prop a name))))"},
      {"MATCH (a)-[:demands]->(b) RETURN b.id",
       "(query (match (path (node a) (rel -> :demands) (node b))) (return (item (prop b id))))"},
      {"MATCH (a)<-[r:attacks|demands]-(b) RETURN r.relation",
       "(query (match (path (node a) (rel r <- :attacks|demands) (node b))) (return (item (prop r relation))))"},
      {"MATCH (a)-[:attacks|:demands]->(b) RETURN a",
       "(query (match (path (node a) (rel -> :attacks|demands) (node b))) (return (item (var a))))"},
      {"MATCH (a)-[:negotiates]-(b) RETURN a",
       "(query (match (path (node a) (rel -- :negotiates) (node b))) (return (item (var a))))"},
      {"MATCH (a)--(b)-->(c)<--(d) RETURN a",
       "(query (match (path (node a) (rel --) (node b) (rel ->) (node c) (rel <-) (node d))) (return (item (var a))))"},
      {"MATCH (a)-[*1..3]->(b) RETURN a",
       "(query (match (path (node a) (rel -> *1..3) (node b))) (return (item (var a))))"},
      {"MATCH (a)-[r*]-(b) RETURN length(r)",
       "(query (match (path (node a) (rel r -- *..) (node b))) (return (item (length (var r)))))"},
      {"MATCH (a)-[*2]->(b) RETURN a", "(query (match (path (node a) (rel -> *2) (node b))) (return (item (var a))))"},
      {"MATCH (a)-[*..4]->(b) RETURN a",
       "(query (match (path (node a) (rel -> *..4) (node b))) (return (item (var a))))"},
      {"MATCH (a)-[:leads*2.. {polarity: 'positive'}]->(b) RETURN a",
       "(query (match (path (node a) (rel -> :leads *2.. {polarity='positive'}) (node b))) (return (item (var a))))"},
      {"MATCH (a), (b:Country) RETURN a, b",
       "(query (match (path (node a)) (path (node b :Country))) (return (item (var a)) (item (var b))))"},
      {"MATCH p = shortestPath((a {id: 'x'})-[*..5]-(b {id: 'y'})) RETURN length(p)",
       "(query (match (shortest p (node a {id='x'}) (rel -- *..5) (node b {id='y'}))) (return (item (length (var p)))))"},
      {"MATCH shortestPath((a)-[:meets*]-(b)) RETURN a",
       "(query (match (shortest (node a) (rel -- :meets *..) (node b))) (return (item (var a))))"},
      {"MATCH q = (a)-->(b) RETURN length(q)",
       "(query (match (path q (node a) (rel ->) (node b))) (return (item (length (var q)))))"},
      {"MATCH (a) WHERE a.id = 'x' AND NOT a.type <> 'Person' OR a.name_en IS NULL RETURN a",
       "(query (match (path (node a))) (where (or (and (= (prop a id) 'x') (not (<> (prop a type) 'Person'))) "
       "(is-null (prop a name_en)))) (return (item (var a))))"},
      {"MATCH (a) WHERE a.id = 'x' AND (a.type = 'P' OR a.id = 'y') RETURN a",
       "(query (match (path (node a))) (where (and (= (prop a id) 'x') (or (= (prop a type) 'P') (= (prop a id) 'y')))) "
       "(return (item (var a))))"},
      {"MATCH (a)-[r]->(b) WHERE r.confidence >= 0.5 AND r.evidence < 3 AND r.evidence <= -2 AND r.confidence > 1e-3 RETURN a",
       "(query (match (path (node a) (rel r ->) (node b))) (where (and (and (and (>= (prop r confidence) 0.5) "
       "(< (prop r evidence) 3)) (<= (prop r evidence) -2)) (> (prop r confidence) 0.001))) (return (item (var a))))"},
      {"MATCH (a) WHERE a.name CONTAINS 'سود' OR a.id STARTS WITH 'su' OR a.id ENDS WITH 'ni' RETURN a",
       "(query (match (path (node a))) (where (or (or (contains (prop a name) 'سود') (starts-with (prop a id) 'su')) "
       "(ends-with (prop a id) 'ni'))) (return (item (var a))))"},
      {"MATCH (a) WHERE a.id IN ['x', 'y'] AND a.name_en IS NOT NULL RETURN a",
       "(query (match (path (node a))) (where (and (in (prop a id) (list 'x' 'y')) (is-not-null (prop a name_en)))) "
       "(return (item (var a))))"},
      {"MATCH (a) WHERE a.id IN [] AND true AND NOT false AND null IS NULL RETURN a",
       "(query (match (path (node a))) (where (and (and (and (in (prop a id) (list)) true) (not false)) (is-null null))) "
       "(return (item (var a))))"},
      {"MATCH (a)-[r]->(b) RETURN DISTINCT a.id AS who, count(*), count(b), count(DISTINCT b.id) AS n",
       "(query (match (path (node a) (rel r ->) (node b))) (return distinct (item (prop a id) as who) (item (count *)) "
       "(item (count (var b))) (item (count distinct (prop b id)) as n)))"},
      {"MATCH (a) RETURN a.id ORDER BY a.id DESC, a.name ASC, a.type SKIP 2 LIMIT 10;",
       "(query (match (path (node a))) (return (item (prop a id))) (order (desc (prop a id)) (asc (prop a name)) "
       "(asc (prop a type))) (skip 2) (limit 10))"},
      {"MATCH (`weird var`:Person) RETURN `weird var`.id // comment\n",
       "(query (match (path (node weird var :Person))) (return (item (prop weird var id))))"},
      {"MATCH /* c */ (a) WHERE a.id = 'it\\'s \\u0627' RETURN -a.evidence",
       "(query (match (path (node a))) (where (= (prop a id) 'it\\'s ا')) (return (item (neg (prop a evidence)))))"},
      {"MATCH ({id: 'x'})-[{relation: 'meets'}]-() RETURN count(*)",
       "(query (match (path (node {id='x'}) (rel -- {relation='meets'}) (node))) (return (item (count *))))"},
  }));
  INFO(c.query);
  const auto q = Query::parse(c.query);
  CHECK(q.dump() == c.dump);
  // Round trip: the pretty-printed text parses to the same tree.
  INFO(q.print());
  CHECK(Query::parse(q.print()).dump() == c.dump);
}

TEST_CASE("pretty-printing is canonical", "[query][parser]") {
  CHECK(Query::parse("match (a:Person)-[r:demands|attacks*1..3]->(b {id:'x'}) where a.id='y' or not (a.id='z' and "
                     "b.id<>'w') return distinct a.id as who order by who desc skip 1 limit 2")
            .print() ==
        "MATCH (a:Person)-[r:demands|attacks*1..3]->(b {id: 'x'}) WHERE a.id = 'y' OR NOT (a.id = 'z' AND b.id <> 'w') "
        "RETURN DISTINCT a.id AS who ORDER BY who DESC SKIP 1 LIMIT 2");
  CHECK(Query::parse("MATCH p=shortestPath((a)<-[*..3]-(b)) RETURN length(p)").print() ==
        "MATCH p = shortestPath((a)<-[*..3]-(b)) RETURN length(p)");
  CHECK(Query::parse("MATCH (a) WHERE (a.id = 'x' OR a.id = 'y') OR (a.id = 'z' OR a.id = 'w') RETURN a").print() ==
        "MATCH (a) WHERE a.id = 'x' OR a.id = 'y' OR (a.id = 'z' OR a.id = 'w') RETURN a");
}

TEST_CASE("random expression trees survive print and parse", "[query][parser]") {
  // Builds random WHERE clauses from a small grammar with a fixed seed; print → parse → same dump.
  std::mt19937 rng(20261124);
  const char* atoms[] = {"a.id = 'x'", "a.name CONTAINS 'ب'", "r.confidence >= 0.25", "NOT a.id IN ['p', 'q']",
                         "b.name_en IS NULL", "r.evidence <> -1", "true", "a.type STARTS WITH 'Pe'"};
  std::function<std::string(int)> gen = [&](int depth) -> std::string {
    const int pick = static_cast<int>(rng() % (depth > 4 ? 1 : 5));
    switch (pick) {
      case 0: return atoms[rng() % 8];
      case 1: return "(" + gen(depth + 1) + " AND " + gen(depth + 1) + ")";
      case 2: return gen(depth + 1) + " OR " + gen(depth + 1);
      case 3: return "NOT (" + gen(depth + 1) + ")";
      default: return "(" + gen(depth + 1) + ")";
    }
  };
  for (int i = 0; i < 200; ++i) {
    const std::string text = "MATCH (a)-[r]->(b) WHERE " + gen(0) + " RETURN a.id";
    INFO(text);
    const auto q = Query::parse(text);
    const auto printed = q.print();
    INFO(printed);
    CHECK(Query::parse(printed).dump() == q.dump());
    CHECK(Query::parse(printed).print() == printed);
  }
}

namespace {

struct ErrorCase {
  const char* query;
  const char* message;
  std::size_t line;
  std::size_t column;
  const char* fragment;
};

}  // namespace

TEST_CASE("syntax errors say what was expected, where", "[query][parser][errors]") {
  const auto c = GENERATE(values<ErrorCase>({
      {"MATCH (a RETURN a", "expected ')'", 1, 10, "RETURN"},
      {"MATCH (a) RETURN", "expected an expression at end of query", 1, 17, ""},
      {"MATCH (a)\nWHERE a.id = \nRETURN a", "expected an expression", 3, 1, "RETURN"},
      {"RETURN 1", "expected MATCH", 1, 1, "RETURN"},
      {"MATCH (a) RETURN a LIMIT -1", "LIMIT takes a non-negative integer", 1, 26, "-1"},
      {"MATCH (a) RETURN a SKIP 'x'", "SKIP takes a non-negative integer", 1, 25, "'x'"},
      {"MATCH (a)<-[r]->(b) RETURN a", "a relationship points one way or none: '<-...-' or '-...->'", 1, 16, ">"},
      {"MATCH (a) WHERE a.id = 'x RETURN a", "unterminated string literal", 1, 24, "'x RETURN a"},
      {"MATCH (a) WHERE a.id = 'x' RETURN a ORDER a", "expected BY", 1, 43, "a"},
      {"MATCH (a) WHERE a.id # 1 RETURN a", "unexpected character", 1, 22, "#"},
      {"MATCH (a) WHERE foo(a) RETURN a", "unknown function 'foo' (the functions are count and length)", 1, 17, "foo"},
      {"MATCH (a:Person:Place) RETURN a", "a node takes at most one label", 1, 16, ":"},
      {"MATCH (a {id: a.id}) RETURN a", "a property map takes literal values (a string, a number or a boolean)", 1, 15,
       "a.id"},
      {"MATCH (a) WHERE a.id IN 'x' RETURN a", "expected a list '[...]' after IN", 1, 25, "'x'"},
      {"MATCH (a) RETURN a a", "expected ',', ORDER BY, SKIP, LIMIT or end of query", 1, 20, "a"},
      {"MATCH (a)-[*1..99999]->(b) RETURN a", "path length out of range (at most 1000)", 1, 16, "99999"},
      {"MATCH (a) WHERE a.id = 99999999999999999999 RETURN a", "integer out of range", 1, 24, "99999999999999999999"},
      {"MATCH (a) WHERE a.id = 'السودانى RETURN a", "unterminated string literal", 1, 24, "'السودانى RETURN a"},
      {"MATCH (السوداني) WHERE السوداني.id = 1 RETURN السوداني.x x", "expected ',', ORDER BY, SKIP, LIMIT or end of query",
       1, 58, "x"},
      {"MATCH (a) /* unclosed RETURN a", "unterminated comment", 1, 11, "/*"},
  }));
  INFO(c.query);
  try {
    (void)Query::parse(c.query);
    FAIL("no error");
  } catch (const InputError& e) {
    const auto& d = e.diagnostic();
    CHECK(d.path == "query");
    CHECK(d.message == c.message);
    CHECK(d.line == c.line);
    CHECK(d.column == c.column);
    CHECK(d.fragment == c.fragment);
  }
}

TEST_CASE("a syntax error prints the line, a caret and the fragment", "[query][parser][errors]") {
  try {
    (void)Query::parse("MATCH (a:Person RETURN a");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.diagnostic().format() ==
          "query:1:17: error: expected ')'\n  MATCH (a:Person RETURN a\n                  ^\n  near «RETURN»");
  }
}

TEST_CASE("nesting is capped, never a stack overflow", "[query][parser][errors]") {
  const auto opener = GENERATE(as<std::string>{}, "(", "NOT ", "[", "-");
  std::string text = "MATCH (a) WHERE ";
  for (int i = 0; i < 100000; ++i) text += opener;
  text += "true";
  try {
    (void)Query::parse(text);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.diagnostic().message == "expression nested too deeply (more than 64 levels)");
    CHECK(e.diagnostic().line == 1);
  }
  // 60 levels are fine.
  std::string ok = "MATCH (a) WHERE ";
  for (int i = 0; i < 60; ++i) ok += "(";
  ok += "a.id = 'x'";
  for (int i = 0; i < 60; ++i) ok += ")";
  CHECK(Query::parse(ok + " RETURN a").dump() ==
        "(query (match (path (node a))) (where (= (prop a id) 'x')) (return (item (var a))))");
}

TEST_CASE("long chains, paths and pattern lists are capped", "[query][parser][errors]") {
  struct Long {
    std::string piece, head, tail, message;
  };
  const auto c = GENERATE(values<Long>({
      {" AND a.id = 'x'", "MATCH (a) WHERE a.id = 'x'", " RETURN a", "too many AND/OR operators (more than 1000)"},
      {" OR a.id = 'x'", "MATCH (a) WHERE a.id = 'x'", " RETURN a", "too many AND/OR operators (more than 1000)"},
      {"-->(a)", "MATCH (a)", " RETURN a", "a path pattern takes at most 64 relationships"},
      {", (a)", "MATCH (a)", " RETURN a", "a MATCH takes at most 64 patterns"},
  }));
  std::string text = c.head;
  for (int i = 0; i < 100000; ++i) text += c.piece;
  try {
    (void)Query::parse(text + c.tail);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.diagnostic().message == c.message);
  }
  std::string ok = c.head;
  for (int i = 0; i < 60; ++i) ok += c.piece;
  const auto q = Query::parse(ok + c.tail);
  CHECK(Query::parse(q.print()).dump() == q.dump());
}

TEST_CASE("arbitrary bytes never crash the parser", "[query][parser][errors]") {
  std::mt19937 rng(7);
  const std::string alphabet = "MATCH()[]{}-<>:|*.,'\"`=aRETURNWHE 0123456789\\/\n\xd8\xa7\xff";
  for (int i = 0; i < 3000; ++i) {
    std::string text = (i % 2) ? "MATCH " : "";
    const auto n = rng() % 40;
    for (std::size_t k = 0; k < n; ++k) text += alphabet[rng() % alphabet.size()];
    try {
      const auto q = Query::parse(text);
      CHECK(Query::parse(q.print()).dump() == q.dump());
    } catch (const InputError&) {
    }
  }
}

TEST_CASE("a query that is not UTF-8 is refused at the bad byte, before any other check", "[query][parser][errors]") {
  struct Utf8Case {
    std::string text;
    std::size_t offset, line, column;
    const char* what;
  };
  const auto c = GENERATE(values<Utf8Case>({
      {"MATCH (a) RETURN a\xff", 18, 1, 19, "byte that never occurs in UTF-8"},
      {"MATCH (n {name: '\xff'}) RETURN n", 17, 1, 18, "byte that never occurs in UTF-8"},
      {"MATCH (n {name: 'سو\xd8'}) RETURN n", 21, 1, 20, "truncated sequence"},
      {"MATCH (a)\nWHERE a.id = 'caf\xe9' RETURN a", 27, 2, 18, "truncated sequence"},
      {"MATCH (a) // \x80 in a comment\nRETURN a", 13, 1, 14, "unexpected continuation byte"},
      {"MATCH (`\xc0\xaf`) RETURN 1", 8, 1, 9, "overlong encoding"},
      {"MATCH (a) WHERE a.id = '\xed\xa0\x80' RETURN a", 24, 1, 25, "encoded surrogate"},
      {"MATCH (a RETURN \xf4\x90\x80\x80", 16, 1, 17, "code point above U+10FFFF"},  // a syntax error too: UTF-8 first
  }));
  INFO(c.text);
  try {
    (void)Query::parse(c.text, "q.cypher");
    FAIL("no error");
  } catch (const InputError& e) {
    const auto& d = e.diagnostic();
    CHECK(d.path == "q.cypher");
    CHECK(d.message == "invalid UTF-8 (" + std::string(c.what) + ") at byte " + std::to_string(c.offset));
    CHECK(d.byte_offset == c.offset);
    CHECK(d.line == c.line);
    CHECK(d.column == c.column);
    // The malformed bytes are not sent back to the terminal.
    CHECK(d.format().find(c.text.substr(c.offset)) == std::string::npos);
  }
  // Valid Arabic and escapes still work.
  CHECK(Query::parse("MATCH (n {name_ar: 'السوداني'}) RETURN n").dump() ==
        "(query (match (path (node n {name_ar='السوداني'}))) (return (item (var n))))");
}

TEST_CASE("a byte order mark before a query is skipped and offsets stay those of the file", "[query][parser]") {
  CHECK(Query::parse("\xEF\xBB\xBFMATCH (a) RETURN a").dump() == Query::parse("MATCH (a) RETURN a").dump());
  try {
    (void)Query::parse("\xEF\xBB\xBFMATCH (a RETURN a");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.diagnostic().byte_offset == 12u);  // 'RETURN' after the 3 bytes of the mark
    CHECK(e.diagnostic().message == "expected ')'");
  }
}
