// GCC 12 at -O2 reports a false "may be used uninitialized" inside adjacency_list's edge iterator (a
// boost::optional that write_graphml's edges(g) loop always sets before use): silenced for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "export/graphml_writer.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <boost/property_map/dynamic_property_map.hpp>

#include <algorithm>
#include <map>
#include <sstream>
#include <tuple>

namespace newsgraph::exporters {
namespace {

struct NodeProperties {
  std::string id, type, name_ar, name_en;
  double confidence = 0;
  int mentions = 0;
};

struct EdgeProperties {
  std::string relation, polarity, modality;
  int documents = 0;
  int evidence = 0;
  double confidence = 0;
};

// vecS/vecS: vertex indices are the insertion order (entity id order), edges are listed per source
// vertex in insertion order, so write_graphml's output is deterministic.
using GraphmlGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, NodeProperties, EdgeProperties>;

// XML 1.0 allows tab, newline and carriage return among the control characters, nothing else.
std::string xml_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r')) out += "\xEF\xBF\xBD";
    else out += static_cast<char>(c);
  }
  return out;
}

}  // namespace

void write_graphml(const graph::KnowledgeGraph& graph, std::ostream& out) {
  GraphmlGraph g;
  std::map<std::string, GraphmlGraph::vertex_descriptor, std::less<>> vertex_of;
  for (const auto* e : graph.entities()) {
    NodeProperties p{xml_safe(e->id), std::string(graph::to_string(e->type)), xml_safe(e->name_ar),
                     xml_safe(e->name_en), e->confidence, static_cast<int>(e->mentions.size())};
    vertex_of.emplace(e->id, boost::add_vertex(std::move(p), g));
  }
  // Statements come sorted by StatementKey (subject, relation, object, document, polarity): gather them
  // per (subject, relation, object, polarity).
  using EdgeKey = std::tuple<std::string, std::string, std::string, graph::Polarity>;
  std::map<EdgeKey, std::vector<const graph::Statement*>> edges;
  for (const auto* s : graph.statements()) edges[{s->subject, s->relation, s->object, s->polarity}].push_back(s);
  for (const auto& [key, statements] : edges) {
    const auto& [subject, relation, object, polarity] = key;
    EdgeProperties p;
    p.relation = relation;
    p.polarity = graph::to_string(polarity);
    auto modality = graph::Modality::Future;
    for (const auto* s : statements) {
      modality = std::min(modality, s->modality);
      p.evidence += static_cast<int>(s->evidence.size());
      p.confidence = std::max(p.confidence, s->confidence);
    }
    p.documents = static_cast<int>(statements.size());  // one statement per document
    p.modality = graph::to_string(modality);
    boost::add_edge(vertex_of.at(subject), vertex_of.at(object), std::move(p), g);
  }

  boost::dynamic_properties dp;
  dp.property("id", boost::get(&NodeProperties::id, g));
  dp.property("type", boost::get(&NodeProperties::type, g));
  dp.property("name_ar", boost::get(&NodeProperties::name_ar, g));
  dp.property("name_en", boost::get(&NodeProperties::name_en, g));
  dp.property("confidence", boost::get(&NodeProperties::confidence, g));
  dp.property("mentions", boost::get(&NodeProperties::mentions, g));
  dp.property("relation", boost::get(&EdgeProperties::relation, g));
  dp.property("polarity", boost::get(&EdgeProperties::polarity, g));
  dp.property("modality", boost::get(&EdgeProperties::modality, g));
  dp.property("documents", boost::get(&EdgeProperties::documents, g));
  dp.property("evidence", boost::get(&EdgeProperties::evidence, g));
  dp.property("confidence", boost::get(&EdgeProperties::confidence, g));
  boost::write_graphml(out, g, dp, true);
}

std::string write_graphml(const graph::KnowledgeGraph& graph) {
  std::ostringstream out;
  write_graphml(graph, out);
  return out.str();
}

}  // namespace newsgraph::exporters
