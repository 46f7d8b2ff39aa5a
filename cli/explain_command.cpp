// newsgraph explain GRAPH.jsonld SUBJECT RELATION OBJECT : every evidence sentence of one edge, with its
// document, offsets, rule and confidence — how an analyst checks an edge against the text.
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "graph/diagnostic.h"
#include "graph/ontology.h"
#include "graph/query/query.h"
#include "graph/utf8.h"

namespace newsgraph::cli {
namespace {

struct ExplainOptions {
  std::string graph;
  std::string subject;
  std::string relation;
  std::string object;
};

// An entity by id, or by a name or alias compared after Arabic folding ("السودانى" finds السوداني).
const graph::Entity* find_entity(const graph::KnowledgeGraph& g, const std::string& key, const std::string& what) {
  if (const auto* e = g.entity(key)) return e;
  const std::string folded = graph::query::fold(key);
  const graph::Entity* found = nullptr;
  for (const auto* e : g.entities()) {
    bool match = graph::query::fold(e->name_ar) == folded || graph::query::fold(e->name_en) == folded;
    for (const auto& a : e->aliases) match = match || graph::query::fold(a) == folded;
    if (!match) continue;
    if (found && found != e)
      throw graph::InputError(what, "'" + key + "' names both '" + found->id + "' and '" + e->id + "'; give an id");
    found = e;
  }
  if (!found) throw graph::InputError(what, "no entity with id or name '" + key + "' in the graph");
  return found;
}

int run_explain(const ExplainOptions& opts) {
  // Named by the user on the command line, compared with the graph's UTF-8 strings, echoed in messages.
  graph::check_utf8(opts.subject, "SUBJECT");
  graph::check_utf8(opts.relation, "RELATION");
  graph::check_utf8(opts.object, "OBJECT");
  const auto g = read_graph_file(opts.graph);
  const auto& ontology = graph::Ontology::builtin();
  const auto* relation = ontology.relation(opts.relation);
  if (!relation) {
    const auto hint = ontology.suggest_relation(opts.relation);
    throw graph::InputError("RELATION", "unknown relation '" + opts.relation + "'" +
                                            (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
  }
  const auto* s = find_entity(g, opts.subject, "SUBJECT");
  const auto* o = find_entity(g, opts.object, "OBJECT");
  std::size_t shown = 0;
  for (const auto* st : g.statements()) {
    const bool same = st->subject == s->id && st->object == o->id;
    const bool mirrored = relation->symmetric && st->subject == o->id && st->object == s->id;
    if (st->relation != relation->name || !(same || mirrored)) continue;
    std::cout << st->subject << " -" << st->relation << "-> " << st->object << "  [" << to_string(st->polarity)
              << ", " << to_string(st->modality) << ", confidence " << st->confidence;
    if (!st->role.empty()) std::cout << ", role " << st->role;
    if (st->quantity) std::cout << ", quantity " << *st->quantity;
    std::cout << "]\n";
    for (const auto& ev : st->evidence) {
      std::cout << "  " << st->document << ":" << ev.span.start << "-" << ev.span.end << "  rule " << ev.rule
                << ", confidence " << ev.confidence << "\n    " << ev.text << "\n";
      ++shown;
    }
  }
  if (shown == 0) {
    std::cerr << "newsgraph: no statement " << s->id << " " << relation->name << " " << o->id << " in "
              << opts.graph << "\n";
    return kBadInput;
  }
  return kOk;
}

}  // namespace

void add_explain_command(CLI::App& root, Runner& run) {
  auto opts = std::make_shared<ExplainOptions>();
  auto* sub = root.add_subcommand("explain", "Print every evidence sentence of an edge (document, offsets, rule, confidence)");
  sub->footer("Examples:\n"
              "  newsgraph explain out/graph.jsonld sudani demands coalition\n"
              "  newsgraph explain out/graph.jsonld واشنطن negotiates بغداد   (names work too)");
  sub->add_option("graph", opts->graph, "A JSON-LD graph written by newsgraph")->required();
  sub->add_option("subject", opts->subject, "Entity id or name")->required();
  sub->add_option("relation", opts->relation, "Relation (demands, attacks, negotiates, ...)")->required();
  sub->add_option("object", opts->object, "Entity id or name")->required();
  sub->callback([&run, opts] { run = [opts] { return run_explain(*opts); }; });
}

}  // namespace newsgraph::cli
