#include "export/kuzu_writer.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>
#include <set>
#include <tuple>

#include "export/output_file.h"
#include "graph/diagnostic.h"

namespace newsgraph::exporters {
namespace {

constexpr graph::EntityType kTypes[] = {graph::EntityType::Person, graph::EntityType::Organization,
                                        graph::EntityType::Country, graph::EntityType::Place};

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string number(double d) {
  char buf[64];
  const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, ec == std::errc() ? ptr : buf);
}

std::string rel_file(std::string_view relation, graph::EntityType from, graph::EntityType to) {
  return std::string(relation) + "." + std::string(graph::to_string(from)) + "." + std::string(graph::to_string(to)) +
         ".csv";
}

// The properties of one edge, as the query language defines them.
struct EdgeRow {
  std::string polarity, modality, date, document;
  double confidence = 0;
  std::size_t evidence = 0;
};

EdgeRow edge_row(const graph::Relationship& r) {
  EdgeRow row;
  row.polarity = std::string(graph::to_string(r.has_positive() ? graph::Polarity::Positive : graph::Polarity::Negative));
  graph::Modality modality = graph::Modality::Future;
  for (const auto* s : r.statements) {
    modality = std::min(modality, s->modality);
    row.confidence = std::max(row.confidence, s->confidence);
  }
  row.modality = std::string(graph::to_string(modality));
  if (!r.statements.empty()) {
    row.date = r.statements.front()->date;
    row.document = r.statements.front()->document;
  }
  row.evidence = r.evidence_count();
  return row;
}

}  // namespace

std::vector<KuzuFile> write_kuzu(const graph::KnowledgeGraph& graph, const graph::Ontology& ontology) {
  std::map<graph::EntityType, std::string> node_csv;
  for (auto t : kTypes) node_csv[t] = "id,type,name,name_en\n";
  for (const auto* e : graph.entities())
    node_csv[e->type] += csv_field(e->id) + "," + std::string(graph::to_string(e->type)) + "," + csv_field(e->name_ar) +
                         "," + csv_field(e->name_en) + "\n";

  // Relationship rows grouped by (relation, subject type, object type).
  std::map<std::tuple<std::string, graph::EntityType, graph::EntityType>, std::string> rel_csv;
  for (const auto& r : graph.relationships()) {
    const auto from = graph.entity(r.subject)->type, to = graph.entity(r.object)->type;
    auto& csv = rel_csv[{std::string(r.relation), from, to}];
    if (csv.empty()) csv = "from,to,relation,polarity,modality,confidence,date,document,evidence\n";
    const auto row = edge_row(r);
    csv += csv_field(r.subject) + "," + csv_field(r.object) + "," + csv_field(r.relation) + "," + row.polarity + "," +
           row.modality + "," + number(row.confidence) + "," + csv_field(row.date) + "," + csv_field(row.document) + "," +
           std::to_string(row.evidence) + "\n";
  }

  std::string schema =
      "// Kùzu schema of a newsgraph export (docs/query.md). Run schema.cypher, then load.cypher, from this "
      "directory.\n";
  for (auto t : kTypes)
    schema += "CREATE NODE TABLE " + std::string(graph::to_string(t)) +
              "(id STRING, type STRING, name STRING, name_en STRING, PRIMARY KEY(id));\n";
  // Every relation of the ontology gets a table (so that any query binds); its FROM/TO pairs are the
  // ontology's allowed pairs plus any pair present in the data.
  std::set<std::string> relation_names;
  for (const auto& rel : ontology.relations()) relation_names.insert(rel.name);
  for (const auto& [key, csv] : rel_csv) relation_names.insert(std::get<0>(key));
  for (const auto& name : relation_names) {
    std::set<std::pair<graph::EntityType, graph::EntityType>> pairs;
    if (const auto* rel = ontology.relation(name))
      for (auto s : rel->subject_types)
        for (auto o : rel->object_types) pairs.insert({s, o});
    for (const auto& [key, csv] : rel_csv)
      if (std::get<0>(key) == name) pairs.insert({std::get<1>(key), std::get<2>(key)});
    if (pairs.empty())
      for (auto s : kTypes)
        for (auto o : kTypes) pairs.insert({s, o});
    schema += "CREATE REL TABLE " + name + "(";
    for (const auto& [s, o] : pairs)
      schema += "FROM " + std::string(graph::to_string(s)) + " TO " + std::string(graph::to_string(o)) + ", ";
    schema +=
        "relation STRING, polarity STRING, modality STRING, confidence DOUBLE, date STRING, document STRING, "
        "evidence INT64);\n";
  }

  std::string load = "// Loads the CSV files of this directory into the tables of schema.cypher (Kùzu).\n";
  std::string neo4j =
      "// Neo4j import of a newsgraph export: copy the CSV files into Neo4j's import directory, then run this file\n"
      "// (cypher-shell -f neo4j.cypher). Empty CSV fields become absent properties, as NULL in Kùzu.\n";
  for (auto t : kTypes) {
    const std::string type(graph::to_string(t));
    load += "COPY " + type + " FROM '" + type + ".csv' (HEADER=true);\n";
    neo4j += "CREATE CONSTRAINT IF NOT EXISTS FOR (n:" + type + ") REQUIRE n.id IS UNIQUE;\n";
    neo4j += "LOAD CSV WITH HEADERS FROM 'file:///" + type + ".csv' AS row CREATE (:" + type +
             " {id: row.id, type: row.type, name: row.name, name_en: row.name_en});\n";
  }
  std::vector<KuzuFile> files;
  files.push_back({"schema.cypher", std::move(schema)});
  files.push_back({"load.cypher", {}});
  files.push_back({"neo4j.cypher", {}});
  for (auto t : kTypes) files.push_back({std::string(graph::to_string(t)) + ".csv", node_csv[t]});
  for (const auto& [key, csv] : rel_csv) {
    const auto& [relation, from, to] = key;
    const std::string file = rel_file(relation, from, to);
    load += "COPY " + relation + " FROM '" + file + "' (from='" + std::string(graph::to_string(from)) + "', to='" +
            std::string(graph::to_string(to)) + "', HEADER=true);\n";
    neo4j += "LOAD CSV WITH HEADERS FROM 'file:///" + file + "' AS row MATCH (a:" + std::string(graph::to_string(from)) +
             " {id: row.from}), (b:" + std::string(graph::to_string(to)) + " {id: row.to}) CREATE (a)-[:" + relation +
             " {relation: row.relation, polarity: row.polarity, modality: row.modality, confidence: "
             "toFloat(row.confidence), date: row.date, document: row.document, evidence: toInteger(row.evidence)}]->(b);\n";
    files.push_back({file, csv});
  }
  files[1].content = std::move(load);
  files[2].content = std::move(neo4j);
  return files;
}

void write_kuzu_directory(const std::vector<KuzuFile>& files, const std::filesystem::path& directory) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec || !std::filesystem::is_directory(directory))
    throw graph::InputError(directory.string(), "cannot create the export directory" +
                                                    (ec ? ": " + ec.message() : std::string(": a file is in the way")));
  for (const auto& f : files) write_file_atomically(directory / f.name, f.content);
}

}  // namespace newsgraph::exporters
