#pragma once
// The Boost.Graph storage behind KnowledgeGraph. Internal to the graph library: code here (the query
// evaluator, path search) may run Boost algorithms on `graph` directly. Nothing outside graph/ includes
// this header.

#include <boost/graph/adjacency_list.hpp>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "graph/model.h"

namespace newsgraph::graph::detail {

struct VertexProperties {
  Entity entity;
};

struct EdgeProperties {
  std::string relation;
  // Every statement of this (subject, relation, object), ordered by (document, polarity).
  std::vector<Statement> statements;
};

using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                         VertexProperties, EdgeProperties>;
using Vertex = BoostGraph::vertex_descriptor;
using Edge = BoostGraph::edge_descriptor;

struct Store {
  BoostGraph graph;
  std::map<std::string, Document, std::less<>> documents;
  std::unordered_map<std::string, Vertex> vertex_by_id;
  std::map<std::tuple<Vertex, std::string, Vertex>, Edge> edge_by_key;
  std::size_t statement_count = 0;
};

}  // namespace newsgraph::graph::detail
