// write_dot: builds a cgraph graph from the KnowledgeGraph and serialises it with agwrite into a string.
#include "export/dot_writer.h"

#include <graphviz/cgraph.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "graph/diagnostic.h"
#include "graph/ontology.h"

namespace newsgraph::exporters {

namespace detail {
std::unique_lock<std::mutex> lock_graphviz() {
  static std::mutex mutex;
  return std::unique_lock<std::mutex>(mutex);
}
}  // namespace detail

namespace {

constexpr const char* kFont = "Noto Sans Arabic";

// cgraph takes `char*` everywhere but never writes through it.
char* mut(const char* s) { return const_cast<char*>(s); }
char* mut(const std::string& s) { return const_cast<char*>(s.c_str()); }

struct TypeStyle {
  graph::EntityType type;
  const char* shape;
  const char* style;
  const char* fill;
  const char* border;
};

// Indexed by EntityType.
constexpr std::array<TypeStyle, 4> kTypeStyles{{
    {graph::EntityType::Person, "ellipse", "filled", "#dbe9f6", "#2f6fa8"},
    {graph::EntityType::Organization, "box", "rounded,filled", "#fde9d3", "#c06a12"},
    {graph::EntityType::Country, "hexagon", "filled", "#e0f0d9", "#4b8a2f"},
    {graph::EntityType::Place, "house", "filled", "#efe0ea", "#8c3a6b"},
}};

const TypeStyle& style_of(graph::EntityType type) { return kTypeStyles[static_cast<std::size_t>(type)]; }

struct RelationColour {
  std::string_view relation;
  std::string_view colour;
};

// One fixed colour per ontology relation (sorted by name, as in graph/ontology.json).
constexpr std::array<RelationColour, 14> kRelationColours{{
    {"affiliated_with", "#6b6b6b"},
    {"allied_with", "#1b9e77"},
    {"attacks", "#d62728"},
    {"condemns", "#ff7f0e"},
    {"demands", "#1f77b4"},
    {"deploys_to", "#8c564b"},
    {"leads", "#9467bd"},
    {"meets", "#17becf"},
    {"member_of", "#808000"},
    {"negotiates", "#2ca02c"},
    {"opposes", "#e7298a"},
    {"supports", "#b8860b"},
    {"threatens", "#800000"},
    {"withdraws_from", "#bc8f8f"},
}};
constexpr std::string_view kUnknownRelationColour = "#404040";

// Graphviz escString: a backslash starts an escape (\n, \N, \G, ...); keep user text literal.
std::string escape_label(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string escape_html(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string format_number(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return out;
}

// agwrite's output channel: appends to the std::string passed as `chan`.
int put_string(void* chan, const char* text) {
  static_cast<std::string*>(chan)->append(text);
  return 0;
}
int flush_nothing(void*) { return 0; }

Agiodisc_t string_io{AgIoDisc.afread, put_string, flush_nothing};
Agdisc_t string_disc{&AgMemDisc, &AgIdDisc, &string_io};

struct GraphCloser {
  void operator()(Agraph_t* g) const { agclose(g); }
};
using GraphPtr = std::unique_ptr<Agraph_t, GraphCloser>;

void set(void* object, const char* name, const std::string& value) {
  agsafeset(object, mut(name), mut(value), mut(""));
}

void set_html(Agraph_t* g, void* object, const char* name, const std::string& html) {
  char* value = agstrdup_html(g, mut(html));
  agsafeset(object, mut(name), value, mut(""));
  agstrfree(g, value);
}

std::string node_label(const graph::Entity& entity) {
  std::string first = !entity.name_ar.empty() ? entity.name_ar : !entity.name_en.empty() ? entity.name_en : entity.id;
  std::string label = escape_label(first);
  if (!entity.name_ar.empty() && !entity.name_en.empty()) label += "\\n" + escape_label(entity.name_en);
  return label;
}

// "demands ×3", plus "(negative)" / "(reported)" on a second line when nothing positive and asserted.
std::string edge_label(const graph::Relationship& r, const graph::RelationType* type) {
  std::string label = escape_label(type && !type->label_en.empty() ? type->label_en : std::string(r.relation));
  label += " \u00d7" + std::to_string(r.evidence_count());
  if (r.only_reported_or_negative()) {
    const bool all_negative = std::all_of(r.statements.begin(), r.statements.end(),
                                          [](const auto* s) { return s->polarity == graph::Polarity::Negative; });
    const bool all_reported = std::all_of(r.statements.begin(), r.statements.end(),
                                          [](const auto* s) { return s->modality == graph::Modality::Reported; });
    label += all_negative ? "\\n(negative)" : all_reported ? "\\n(reported)" : "\\n(negative or reported)";
  }
  return label;
}

std::string edge_tooltip(const graph::Relationship& r) {
  std::set<std::string_view> documents;
  for (const auto* s : r.statements) documents.insert(s->document);
  return std::string(r.subject) + " " + std::string(r.relation) + " " + std::string(r.object) + ": " +
         std::to_string(r.evidence_count()) + " evidence in " + std::to_string(documents.size()) +
         (documents.size() == 1 ? " document" : " documents");
}

std::string legend_html(const std::vector<graph::EntityType>& types, const std::vector<std::string_view>& relations,
                        const graph::Ontology& ontology) {
  std::string html = R"(<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">)";
  html += R"(<TR><TD COLSPAN="2"><B>Legend</B></TD></TR>)";
  for (const auto type : types) {
    const auto& s = style_of(type);
    html += std::string(R"(<TR><TD BGCOLOR=")") + s.fill + R"(" COLOR=")" + s.border + R"(">)" +
            escape_html(graph::to_string(type)) + "</TD><TD>" + s.shape + "</TD></TR>";
  }
  for (const auto relation : relations) {
    const auto* type = ontology.relation(relation);
    html += std::string(R"(<TR><TD BGCOLOR=")") + std::string(relation_colour(relation)) +
            R"("><FONT COLOR="#ffffff">)" + escape_html(relation) + "</FONT></TD><TD>" +
            escape_html(type ? type->label_ar : std::string()) + "</TD></TR>";
  }
  html += R"(<TR><TD COLSPAN="2">dashed: only negative or reported<BR/>)"
          R"(line width: evidence count<BR/>text size: connections</TD></TR>)";
  html += "</TABLE>";
  return html;
}

}  // namespace

std::string_view relation_colour(std::string_view relation) {
  for (const auto& [name, colour] : kRelationColours)
    if (name == relation) return colour;
  return kUnknownRelationColour;
}

std::string write_dot(const graph::KnowledgeGraph& graph, const DotOptions& options) {
  static const std::set<std::string, std::less<>> kRankdirs{"TB", "LR", "BT", "RL"};
  if (!kRankdirs.contains(options.rankdir))
    throw graph::InputError("rankdir", "expected TB, LR, BT or RL, got '" + options.rankdir + "'");
  const auto& ontology = graph::Ontology::builtin();

  // What is drawn: relationships with enough evidence, and the entities they need.
  std::vector<graph::Relationship> relationships;
  std::set<std::string_view> connected;
  for (auto& r : graph.relationships()) {
    if (r.evidence_count() < options.min_evidence) continue;
    connected.insert(r.subject);
    connected.insert(r.object);
    relationships.push_back(std::move(r));
  }
  std::vector<const graph::Entity*> entities;
  for (const auto* e : graph.entities())
    if (!options.hide_isolated || connected.contains(e->id)) entities.push_back(e);

  auto lock = detail::lock_graphviz();
  GraphPtr owner(agopen(mut("newsgraph"), Agdirected, &string_disc));
  if (!owner) throw std::runtime_error("Graphviz: agopen failed");
  Agraph_t* g = owner.get();

  agattr(g, AGRAPH, mut("fontname"), mut(kFont));
  agattr(g, AGRAPH, mut("rankdir"), mut(options.rankdir));
  agattr(g, AGRAPH, mut("outputorder"), mut("edgesfirst"));
  agattr(g, AGRAPH, mut("pad"), mut("0.3"));
  agattr(g, AGNODE, mut("fontname"), mut(kFont));
  // gvContext() declares this default process-wide (agattr on the prototype graph), after which every
  // new graph inherits it; declaring it always keeps the output the same whether or not it ran.
  agattr(g, AGNODE, mut("label"), mut("\\N"));
  agattr(g, AGEDGE, mut("fontname"), mut(kFont));
  agattr(g, AGEDGE, mut("fontsize"), mut("10"));

  // Clusters, one per entity type present, in EntityType order.
  std::vector<graph::EntityType> types;
  for (const auto* e : entities)
    if (std::find(types.begin(), types.end(), e->type) == types.end()) types.push_back(e->type);
  std::sort(types.begin(), types.end());
  std::array<Agraph_t*, kTypeStyles.size()> clusters{};
  if (options.cluster_by_type) {
    for (const auto type : types) {
      const auto& s = style_of(type);
      const std::string name(graph::to_string(type));
      Agraph_t* sub = agsubg(g, mut("cluster_" + name), 1);
      set(sub, "label", name);
      set(sub, "style", "rounded,dashed");
      set(sub, "color", s.border);
      set(sub, "fontcolor", s.border);
      clusters[static_cast<std::size_t>(type)] = sub;
    }
  }

  for (const auto* e : entities) {
    const auto& s = style_of(e->type);
    Agraph_t* parent = options.cluster_by_type ? clusters[static_cast<std::size_t>(e->type)] : g;
    Agnode_t* n = agnode(parent, mut(e->id), 1);
    if (!n) throw std::runtime_error("Graphviz: agnode failed for '" + e->id + "'");
    std::size_t degree = 0;
    if (const auto v = graph.vertex(e->id)) degree = graph.degree(*v);
    set(n, "label", node_label(*e));
    set(n, "shape", s.shape);
    set(n, "style", s.style);
    set(n, "fillcolor", s.fill);
    set(n, "color", s.border);
    set(n, "fontsize", std::to_string(12 + 2 * std::min<std::size_t>(degree, 8)));
    set(n, "tooltip", e->id + " (" + std::string(graph::to_string(e->type)) + ")");
    set(n, "id", e->id);
    set(n, "class", "entity " + lowercase(graph::to_string(e->type)));
  }

  std::vector<std::string_view> relation_names;
  for (const auto& r : relationships) {
    Agnode_t* tail = agnode(g, mut(std::string(r.subject)), 0);
    Agnode_t* head = agnode(g, mut(std::string(r.object)), 0);
    if (!tail || !head) continue;  // an end hidden by the filter cannot happen; keep agedge safe anyway
    Agedge_t* edge = agedge(g, tail, head, mut(std::string(r.relation)), 1);
    if (!edge) throw std::runtime_error("Graphviz: agedge failed for '" + std::string(r.relation) + "'");
    const auto* type = ontology.relation(r.relation);
    const std::string colour(relation_colour(r.relation));
    const std::size_t extra_evidence = std::max<std::size_t>(r.evidence_count(), 1) - 1;
    const double penwidth = 1.0 + 0.5 * static_cast<double>(std::min<std::size_t>(extra_evidence, 10));
    set(edge, "label", edge_label(r, type));
    set(edge, "color", colour);
    set(edge, "fontcolor", colour);
    set(edge, "penwidth", format_number(penwidth));
    if (r.only_reported_or_negative()) set(edge, "style", "dashed");
    if (type && type->symmetric) set(edge, "dir", "none");
    set(edge, "tooltip", edge_tooltip(r));
    set(edge, "id", std::string(r.subject) + "." + std::string(r.relation) + "." + std::string(r.object));
    set(edge, "class", "relation " + std::string(r.relation));
    if (std::find(relation_names.begin(), relation_names.end(), r.relation) == relation_names.end())
      relation_names.push_back(r.relation);
  }
  std::sort(relation_names.begin(), relation_names.end());

  if (options.legend && !entities.empty()) {
    Agnode_t* legend = agnode(g, mut(std::string(kLegendNodeName)), 1);
    set_html(g, legend, "label", legend_html(types, relation_names, ontology));
    set(legend, "shape", "plaintext");
    set(legend, "margin", "0");
    set(legend, "fontsize", "11");
    set(legend, "id", std::string(kLegendNodeName));
  }

  std::string out;
  if (agwrite(g, &out) != 0) throw std::runtime_error("Graphviz: agwrite failed");
  return out;
}

}  // namespace newsgraph::exporters
