#pragma once
// write_kuzu: the knowledge graph as files that the graph database Kùzu loads as is — one CSV per
// entity type (node table) and one per (relation, subject type, object type) that occurs, plus
// schema.cypher (CREATE NODE/REL TABLE) and load.cypher (COPY ... FROM), and neo4j.cypher (LOAD CSV)
// for Neo4j. The tables carry the properties the query language sees (docs/query.md), so the same
// Cypher query gives the same rows in newsgraph and in Kùzu:
//   node tables Person, Organization, Country, Place (id PRIMARY KEY, type, name, name_en);
//   one rel table per ontology relation (relation, polarity, modality, confidence, date, document,
//   evidence), one row per graph::Relationship.
//
//   auto files = exporters::write_kuzu(graph);
//   exporters::write_kuzu_directory(files, "out/kuzu");   // then: cd out/kuzu && kuzu db < schema.cypher ...
//
// Empty values are written as empty fields, which Kùzu reads as NULL. Output is deterministic.
// Stateless: safe to call from several threads.

#include <filesystem>
#include <string>
#include <vector>

#include "graph/knowledge_graph.h"
#include "graph/ontology.h"

namespace newsgraph::exporters {

struct KuzuFile {
  std::string name;  // file name inside the export directory ("Person.csv", "schema.cypher")
  std::string content;
};

// Every file of the export, schema.cypher and load.cypher first.
std::vector<KuzuFile> write_kuzu(const graph::KnowledgeGraph& graph,
                                 const graph::Ontology& ontology = graph::Ontology::builtin());

// Creates `directory` (and parents) when missing and writes each file whole or not at all; throws
// graph::InputError naming the path when the directory cannot be created or a file cannot be written.
void write_kuzu_directory(const std::vector<KuzuFile>& files, const std::filesystem::path& directory);

}  // namespace newsgraph::exporters
