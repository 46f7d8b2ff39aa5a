// query_bench: builds a synthetic graph (100k entities, 1M statements by default; fixed seed), writes
// its Kùzu export, and times newsgraph's query evaluator on thirteen query shapes (anchored 1-hop, 2-hop,
// variable-length and shortest path; whole-graph counts, searches, top-k lists, groupings, joins and scans). Prints one JSON
// object per query with the median latency, the row count and (when few) the rows, for bench/run.sh to
// set beside Kùzu's (bench/kuzu_bench.mjs).
//
//   query_bench OUT_DIR [entities] [statements] [repetitions] [QUERY...]
// With QUERY arguments, times those instead (no export written), e.g. to see where time goes.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "export/kuzu_writer.h"
#include "graph/knowledge_graph.h"
#include "graph/ontology.h"
#include "graph/query/query.h"

using namespace newsgraph;

namespace {

std::string entity_id(std::size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "e%06zu", i);
  return buf;
}

graph::KnowledgeGraph synthetic(std::size_t entities, std::size_t statements, unsigned seed) {
  std::mt19937_64 rng(seed);
  graph::KnowledgeGraph g;
  const graph::EntityType types[] = {graph::EntityType::Person, graph::EntityType::Organization,
                                     graph::EntityType::Country, graph::EntityType::Place};
  for (int d = 0; d < 100; ++d) g.add_document(graph::Document{"d" + std::to_string(d) + ".txt", "", ""});
  for (std::size_t i = 0; i < entities; ++i) {
    graph::Entity e;
    e.id = entity_id(i);
    e.type = types[rng() % 4];
    e.name_ar = "كيان " + std::to_string(i);
    if (rng() % 2) e.name_en = "Entity " + std::to_string(i);
    g.add_entity(e);
  }
  const auto& relations = graph::Ontology::builtin().relations();
  for (std::size_t k = 0; k < statements; ++k) {
    const auto& rel = relations[rng() % relations.size()];
    auto a = rng() % entities, b = rng() % entities;
    if (a == b) b = (b + 1) % entities;
    if (rel.symmetric && a > b) std::swap(a, b);
    graph::Statement s;
    s.subject = entity_id(a);
    s.relation = rel.name;
    s.object = entity_id(b);
    s.document = "d" + std::to_string(rng() % 100) + ".txt";
    s.polarity = rng() % 5 ? graph::Polarity::Positive : graph::Polarity::Negative;
    s.modality = static_cast<graph::Modality>(rng() % 3);
    s.date = "2024-0" + std::to_string(1 + rng() % 9) + "-1" + std::to_string(rng() % 10);
    s.evidence.push_back(graph::Evidence{{0, 10}, "جملة", "rule", static_cast<double>(1 + rng() % 20) / 20.0});
    g.add_statement(s);
  }
  return g;
}

struct Shape {
  std::string name;
  std::string query;  // $S = a start entity, $T an end entity, varied over the repetitions
  std::string kuzu;
};

std::string replace(std::string s, const std::string& from, const std::string& to) {
  for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: query_bench OUT_DIR [entities] [statements] [repetitions]\n";
    return 2;
  }
  const std::string out = argv[1];
  const std::size_t entities = argc > 2 ? std::stoul(argv[2]) : 100000;
  const std::size_t statements = argc > 3 ? std::stoul(argv[3]) : 1000000;
  const int repetitions = argc > 4 ? std::stoi(argv[4]) : 11;

  std::vector<std::string> custom(argv + std::min(argc, 5), argv + argc);
  auto t0 = std::chrono::steady_clock::now();
  const auto g = synthetic(entities, statements, 20261124);
  auto t1 = std::chrono::steady_clock::now();
  if (!custom.empty()) {
    for (const auto& text : custom) {
      std::vector<double> ms;
      std::size_t rows = 0;
      for (int r = 0; r < repetitions; ++r) {
        const auto a = std::chrono::steady_clock::now();
        rows = graph::query::Query::parse(text).bind().evaluate(g).rows.size();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
      }
      std::sort(ms.begin(), ms.end());
      std::cout << ms[ms.size() / 2] << " ms median, " << rows << " rows: " << text << "\n";
    }
    return 0;
  }
  exporters::write_kuzu_directory(exporters::write_kuzu(g), out);
  auto t2 = std::chrono::steady_clock::now();
  std::cerr << "graph: " << g.entity_count() << " entities, " << g.statement_count() << " statements, "
            << g.relationship_count() << " relationships; built in "
            << std::chrono::duration<double>(t1 - t0).count() << " s, exported in "
            << std::chrono::duration<double>(t2 - t1).count() << " s\n";

  // Anchored shapes start at $S, a random entity per repetition; the whole-graph shapes ignore it. The
  // second half are what analysts ask of the whole graph: counts by label, name search, top-k lists,
  // grouped counts, joins of two relations, filters on any relation, plain pair lists.
  const std::vector<Shape> shapes = {
      {"1-hop", "MATCH (a {id: '$S'})-[r]->(b) RETURN b.id, r.relation", ""},
      {"2-hop", "MATCH (a {id: '$S'})-[]->(b)-[]->(c) RETURN count(*)", ""},
      {"variable-length", "MATCH (a {id: '$S'})-[*1..3]->(b) RETURN count(*)",
       "MATCH (a {id: '$S'})-[* TRAIL 1..3]->(b) RETURN count(*)"},
      {"shortest path", "MATCH p = shortestPath((a {id: '$S'})-[*..6]-(b {id: '$T'})) RETURN length(p)",
       "MATCH p = (a {id: '$S'})-[* SHORTEST 1..6]-(b {id: '$T'}) RETURN length(p)"},
      {"filter+count", "MATCH (a:Person)-[r:attacks]->(b) WHERE r.confidence > 0.5 RETURN count(*)", ""},
      {"label count", "MATCH (a:Person) RETURN count(*)", ""},
      {"name search", "MATCH (a:Person) WHERE a.name CONTAINS 'كيان 12' RETURN count(*)", ""},
      {"top-k edges", "MATCH (a)-[r:demands]->(b) RETURN a.id, b.id, r.confidence "
                      "ORDER BY r.confidence DESC, a.id, b.id LIMIT 10", ""},
      {"group+top-k", "MATCH (a)-[r:attacks]->(b:Country) RETURN b.id, count(*) AS n ORDER BY n DESC, b.id LIMIT 10",
       ""},
      {"group by relation", "MATCH (a)-[r]->(b) RETURN r.relation AS rel, count(*) AS n ORDER BY rel", ""},
      {"2-hop join", "MATCH (a:Person)-[:supports]->(b)-[:attacks]->(c) RETURN count(*)", ""},
      {"any-relation filter",
       "MATCH (a)-[r]->(b) WHERE r.date >= '2024-05-10' AND r.polarity = 'negative' RETURN count(*)", ""},
      {"pair list", "MATCH (a:Person)-[r:attacks]->(b) RETURN a.id, b.id", ""},
  };
  std::mt19937 rng(5);
  std::cout << "[\n";
  for (std::size_t s = 0; s < shapes.size(); ++s) {
    std::vector<double> ms;
    std::vector<std::string> starts, ends;
    std::size_t rows = 0;
    std::vector<std::vector<graph::query::Value>> last_rows;
    for (int r = 0; r < repetitions; ++r) {
      const std::string start = entity_id(rng() % entities);
      starts.push_back(start);
      const bool two_ends = shapes[s].query.find("$T") != std::string::npos;
      ends.push_back(two_ends ? entity_id(rng() % entities) : "");
      const std::string text = replace(replace(shapes[s].query, "$S", start), "$T", ends.back());
      // Parsing and binding are timed too, as Kùzu's figure includes its parsing and planning.
      const auto a = std::chrono::steady_clock::now();
      const auto result = graph::query::Query::parse(text).bind().evaluate(g);
      const auto b = std::chrono::steady_clock::now();
      ms.push_back(std::chrono::duration<double, std::milli>(b - a).count());
      // A count adds its value (as kuzu_bench.mjs does), any other result its rows.
      const bool count = text.find("count(") != std::string::npos;
      rows += count && result.rows.size() == 1 && result.rows[0].size() == 1 &&
                      std::holds_alternative<std::int64_t>(result.rows[0][0])
                  ? static_cast<std::size_t>(std::get<std::int64_t>(result.rows[0][0]))
                  : result.rows.size();
      last_rows = result.rows;
    }
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    std::cout << "  {\"shape\": \"" << shapes[s].name << "\", \"query\": \"" << shapes[s].query << "\", \"kuzu\": \""
              << (shapes[s].kuzu.empty() ? shapes[s].query : shapes[s].kuzu) << "\", \"starts\": [";
    for (std::size_t i = 0; i < starts.size(); ++i) std::cout << (i ? ", " : "") << "\"" << starts[i] << "\"";
    std::cout << "], \"ends\": [";
    for (std::size_t i = 0; i < ends.size(); ++i) std::cout << (i ? ", " : "") << "\"" << ends[i] << "\"";
    std::cout << "], \"median_ms\": " << sorted[sorted.size() / 2] << ", \"total_rows\": " << rows;
    // The rows of the last repetition, when few, for kuzu_bench.mjs to compare value by value.
    if (last_rows.size() <= 20) {
      std::cout << ", \"last_rows\": [";
      for (std::size_t i = 0; i < last_rows.size(); ++i) {
        std::cout << (i ? ", " : "") << "[";
        for (std::size_t j = 0; j < last_rows[i].size(); ++j)
          std::cout << (j ? ", " : "") << "\"" << graph::query::to_text(last_rows[i][j]) << "\"";
        std::cout << "]";
      }
      std::cout << "]";
    }
    std::cout << "}"
              << (s + 1 < shapes.size() ? ",\n" : "\n");
  }
  std::cout << "]\n";
  return 0;
}
