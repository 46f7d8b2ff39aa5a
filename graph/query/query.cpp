// Query and BoundQuery (the public face of graph/query), and the renderings of a ResultSet.
#include "graph/query/query.h"

#include <algorithm>
#include <charconv>

#include "graph/query/binder.h"
#include "graph/query/syntax.h"

namespace newsgraph::graph::query {
namespace {

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void json_string(std::string_view s, std::string& out) {
  out += '"';
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

Query Query::parse(std::string_view text, std::string_view path) {
  Query q;
  q.tree_ = std::make_shared<const SyntaxTree>(parse_tree(text, path));
  return q;
}

std::string Query::dump() const { return dump_tree(*tree_); }
std::string Query::print() const { return print_tree(*tree_); }
const std::string& Query::text() const { return tree_->text; }
const std::string& Query::path() const { return tree_->path; }

BoundQuery Query::bind(const Ontology& ontology) const {
  BoundQuery b;
  b.bound_ = std::make_shared<const BoundTree>(bind_tree(tree_, ontology));
  return b;
}

ResultSet BoundQuery::evaluate(const KnowledgeGraph& graph, EvaluateOptions options) const {
  return evaluate_tree(*bound_, graph, options.collect_subgraph);
}
const std::vector<std::string>& BoundQuery::columns() const { return bound_->columns; }

KnowledgeGraph subgraph_of(const KnowledgeGraph& graph, const ResultSet& result) {
  KnowledgeGraph sub;
  for (const auto& id : result.matched_entities)
    if (const auto* e = graph.entity(id)) sub.add_entity(*e);
  for (const auto& [subject, relation, object] : result.matched_relationships) {
    const auto vertex = graph.vertex(subject);
    if (!vertex) continue;
    for (const auto& r : graph.out_relationships(*vertex))
      if (r.relation == relation && r.object == object)
        for (const auto* s : r.statements) {
          if (const auto* d = graph.document(s->document)) sub.add_document(*d);
          if (sub.entity(s->subject) && sub.entity(s->object)) sub.add_statement(*s);
        }
  }
  return sub;
}

ResultSet run(std::string_view text, const KnowledgeGraph& graph, std::string_view path) {
  return Query::parse(text, path).bind().evaluate(graph);
}

std::string to_text(const Value& value) {
  if (std::holds_alternative<std::monostate>(value)) return "";
  if (const auto* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&value)) {
    char buf[64];
    const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, *d);
    return std::string(buf, ec == std::errc() ? ptr : buf);
  }
  return std::get<std::string>(value);
}

std::string format_table(const ResultSet& result) {
  std::vector<std::size_t> width;
  for (const auto& c : result.columns) width.push_back(code_points(c));
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : result.rows) {
    auto& line = cells.emplace_back();
    for (std::size_t i = 0; i < row.size(); ++i) {
      line.push_back(std::holds_alternative<std::monostate>(row[i]) ? "null" : to_text(row[i]));
      width[i] = std::max(width[i], code_points(line.back()));
    }
  }
  auto emit = [&](const std::vector<std::string>& line, std::string& out) {
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (i) out += " | ";
      out += line[i];
      if (i + 1 < line.size()) out.append(width[i] - code_points(line[i]), ' ');
    }
    out += "\n";
  };
  std::string out;
  emit(result.columns, out);
  for (std::size_t i = 0; i < width.size(); ++i) {
    if (i) out += "-+-";
    out.append(width[i], '-');
  }
  out += "\n";
  for (const auto& line : cells) emit(line, out);
  out += "(" + std::to_string(result.rows.size()) + (result.rows.size() == 1 ? " row)\n" : " rows)\n");
  return out;
}

std::string format_json(const ResultSet& result) {
  std::string out = "[";
  for (std::size_t r = 0; r < result.rows.size(); ++r) {
    out += r ? ",\n  {" : "\n  {";
    for (std::size_t i = 0; i < result.columns.size(); ++i) {
      if (i) out += ", ";
      json_string(result.columns[i], out);
      out += ": ";
      const Value& v = result.rows[r][i];
      if (std::holds_alternative<std::monostate>(v)) out += "null";
      else if (const auto* s = std::get_if<std::string>(&v)) json_string(*s, out);
      else out += to_text(v);
    }
    out += "}";
  }
  out += result.rows.empty() ? "]\n" : "\n]\n";
  return out;
}

std::string format_csv(const ResultSet& result) {
  std::string out;
  auto line = [&](const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i) out += ",";
      out += csv_field(fields[i]);
    }
    out += "\r\n";
  };
  line(result.columns);
  for (const auto& row : result.rows) {
    std::vector<std::string> fields;
    for (const auto& v : row) fields.push_back(to_text(v));
    line(fields);
  }
  return out;
}

}  // namespace newsgraph::graph::query
