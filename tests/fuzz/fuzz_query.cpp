// libFuzzer target: the query parser and binder (graph::query::Query::parse + bind against the built-in
// ontology). A query that parses must print to text that parses to the same tree; a bound query runs on
// a small graph without throwing.
#include <cstdint>
#include <string>

#include "graph/knowledge_graph.h"
#include "graph/query/query.h"
#include "tests/fuzz/fuzz_support.h"

namespace graph = newsgraph::graph;
namespace fuzz = newsgraph::fuzz;

namespace {

const graph::KnowledgeGraph& small_graph() {
  static const graph::KnowledgeGraph g = [] {
    graph::DocumentGraph d;
    d.document.id = "a.txt";
    d.document.date = "2024-01-05";
    d.entities.push_back(graph::Entity{.id = "sudani", .type = graph::EntityType::Person, .name_ar = "محمد شياع السوداني",
                                       .name_en = "Mohammed Shia al-Sudani", .aliases = {"السوداني"},
                                       .mentions = {{.document = "a.txt", .span = {0, 8}, .text = "السوداني"}}});
    d.entities.push_back(graph::Entity{.id = "coalition", .type = graph::EntityType::Organization,
                                       .name_ar = "التحالف الدولي", .name_en = "Coalition",
                                       .mentions = {{.document = "a.txt", .span = {20, 27}, .text = "التحالف"}}});
    graph::KnowledgeGraph k;
    k.add(std::move(d));
    return k;
  }();
  return g;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::expect_input_errors([&] {
    const auto q = graph::query::Query::parse(fuzz::bytes(data, size));
    const std::string printed = q.print();
    std::string reparsed;
    try {
      reparsed = graph::query::Query::parse(printed, "printed").dump();
    } catch (const graph::InputError& e) {
      std::fprintf(stderr, "%s\n", e.diagnostic().format().c_str());
      fuzz::require(false, "the printed query does not parse");
    }
    fuzz::require(reparsed == q.dump(), "parse(print()).dump() != dump()");
    const auto bound = q.bind();
    bound.evaluate(small_graph());
  });
  return 0;
}
