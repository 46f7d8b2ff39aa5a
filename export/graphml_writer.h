#pragma once
// write_graphml: the knowledge graph as GraphML (Boost.Graph's write_graphml), for Gephi, yEd,
// networkx, igraph and Cytoscape. One node per entity, one directed edge per (subject, relation,
// object, polarity), with typed attributes (docs/formats.md):
//
//   node: id (string, Entity::id), type, name_ar, name_en (string), confidence (double),
//         mentions (int, number of mentions)
//   edge: relation, polarity ("positive"/"negative"), modality (strongest over the statements),
//         documents (int), evidence (int, evidence sentences), confidence (double, the highest)
//
//   std::string xml = exporters::write_graphml(graph);
//   exporters::write_graphml(graph, std::cout);
//
// GraphML node ids are n0, n1, ... in entity id order, edges e0, e1, ... in (subject, relation, object,
// polarity) order: the output is deterministic. Characters XML 1.0 forbids (control characters other
// than tab, newline, carriage return) are replaced by U+FFFD. Stateless: safe from several threads.

#include <ostream>
#include <string>

#include "graph/knowledge_graph.h"

namespace newsgraph::exporters {

void write_graphml(const graph::KnowledgeGraph& graph, std::ostream& out);
std::string write_graphml(const graph::KnowledgeGraph& graph);

}  // namespace newsgraph::exporters
