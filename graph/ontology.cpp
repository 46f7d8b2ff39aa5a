#include "graph/ontology.h"

#include <algorithm>
#include <numeric>
#include <set>

#include "graph/embedded_data.h"
#include "graph/json_input.h"

namespace newsgraph::graph {

namespace {

std::vector<EntityType> types_of(const rapidjson::Value& array) {
  std::vector<EntityType> out;
  for (const auto& v : array.GetArray()) out.push_back(*parse_entity_type(v.GetString()));
  std::sort(out.begin(), out.end());
  return out;
}

template <typename Names>
std::string closest(std::string_view name, const Names& names) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const auto& candidate : names) {
    const auto d = edit_distance(name, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

}  // namespace

bool RelationType::allows(EntityType subject, EntityType object) const {
  return std::find(subject_types.begin(), subject_types.end(), subject) != subject_types.end() &&
         std::find(object_types.begin(), object_types.end(), object) != object_types.end();
}

const Ontology& Ontology::builtin() {
  static const Ontology instance = load("graph/ontology.json", embedded_file("graph/ontology.json"));
  return instance;
}

Ontology Ontology::load(std::string_view path, std::string_view text) {
  auto doc = json::parse(path, text);
  json::validate(path, text, doc, embedded_file("schemas/ontology.schema.json"));
  Ontology o;
  o.vocabulary_ = doc["vocabulary"].GetString();
  std::set<std::string> seen;
  const auto& types = doc["entity_types"];
  for (rapidjson::SizeType i = 0; i < types.Size(); ++i) {
    const auto& t = types[i];
    const std::string name = t["name"].GetString();
    auto type = parse_entity_type(name);
    if (!type)
      throw json::error_at(path, text, "/entity_types/" + std::to_string(i) + "/name",
                           "unknown entity type '" + name + "' (expected Person, Organization, Country or Place)");
    if (!seen.insert(name).second)
      throw json::error_at(path, text, "/entity_types/" + std::to_string(i) + "/name",
                           "duplicate entity type '" + name + "'");
    o.entity_types_.push_back({*type, name, t["iri"].GetString(), std::string(json::string_or(t, "description"))});
  }
  seen.clear();
  const auto& relations = doc["relations"];
  for (rapidjson::SizeType i = 0; i < relations.Size(); ++i) {
    const auto& r = relations[i];
    RelationType rt;
    rt.name = r["name"].GetString();
    if (!seen.insert(rt.name).second)
      throw json::error_at(path, text, "/relations/" + std::to_string(i) + "/name",
                           "duplicate relation '" + rt.name + "'");
    rt.symmetric = r["symmetric"].GetBool();
    rt.subject_types = types_of(r["subject_types"]);
    rt.object_types = types_of(r["object_types"]);
    if (rt.symmetric && rt.subject_types != rt.object_types)
      throw json::error_at(path, text, "/relations/" + std::to_string(i) + "/object_types",
                           "symmetric relation '" + rt.name + "' must allow the same subject and object types");
    rt.cameo = r["cameo"].GetString();
    rt.label_en = json::string_or(r, "label_en");
    rt.label_ar = json::string_or(r, "label_ar");
    rt.description = json::string_or(r, "description");
    o.relations_.push_back(std::move(rt));
  }
  std::sort(o.relations_.begin(), o.relations_.end(),
            [](const RelationType& a, const RelationType& b) { return a.name < b.name; });
  std::sort(o.entity_types_.begin(), o.entity_types_.end(),
            [](const EntityTypeInfo& a, const EntityTypeInfo& b) { return a.name < b.name; });
  return o;
}

const RelationType* Ontology::relation(std::string_view name) const {
  auto it = std::lower_bound(relations_.begin(), relations_.end(), name,
                             [](const RelationType& r, std::string_view n) { return r.name < n; });
  return it != relations_.end() && it->name == name ? &*it : nullptr;
}

const EntityTypeInfo* Ontology::entity_type(std::string_view name) const {
  for (const auto& t : entity_types_)
    if (t.name == name) return &t;
  return nullptr;
}

std::string Ontology::suggest_relation(std::string_view name) const {
  std::vector<std::string> names;
  for (const auto& r : relations_) names.push_back(r.name);
  return closest(name, names);
}

std::string Ontology::suggest_entity_type(std::string_view name) const {
  std::vector<std::string> names;
  for (const auto& t : entity_types_) names.push_back(t.name);
  return closest(name, names);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace newsgraph::graph
