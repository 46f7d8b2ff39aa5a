// render_diagram: agmemread -> gvLayout -> gvRenderData, every Graphviz failure turned into InputError.
#include "export/diagram_renderer.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <array>
#include <memory>
#include <regex>
#include <string>

#include "export/dot_writer.h"
#include "graph/diagnostic.h"

namespace newsgraph::exporters {

namespace {

constexpr std::array<std::string_view, 5> kLayouts{"dot", "neato", "fdp", "sfdp", "circo"};

char* mut(const char* s) { return const_cast<char*>(s); }

// Graphviz reports through agerr(), which calls the handler installed with agseterrf. The handler is a
// plain function, so the messages go to this sink, guarded by the Graphviz lock.
std::string* error_sink = nullptr;

int capture_error(char* message) {
  if (error_sink) error_sink->append(message);
  return 0;
}

// Installs capture_error for its lifetime (the caller holds the Graphviz lock).
class ErrorCapture {
 public:
  ErrorCapture() : previous_(agseterrf(capture_error)) {
    error_sink = &messages_;
    agreseterrors();
  }
  ~ErrorCapture() {
    error_sink = nullptr;
    agseterrf(previous_);
  }
  ErrorCapture(const ErrorCapture&) = delete;
  ErrorCapture& operator=(const ErrorCapture&) = delete;

  // Whether Graphviz reported an error (not just a warning) since construction.
  static bool failed() { return agerrors() > 0; }

  // The captured messages without their "Error: " / "Warning: " prefixes, joined by "; ";
  // `fallback` when Graphviz said nothing.
  std::string text(std::string_view fallback) const {
    std::string out;
    std::size_t start = 0;
    while (start < messages_.size()) {
      auto end = messages_.find('\n', start);
      if (end == std::string::npos) end = messages_.size();
      std::string_view line(messages_.data() + start, end - start);
      for (std::string_view prefix : {"Error: ", "Warning: "})
        if (line.substr(0, prefix.size()) == prefix) line.remove_prefix(prefix.size());
      while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
      if (!line.empty()) out += (out.empty() ? "" : "; ") + std::string(line);
      start = end + 1;
    }
    return out.empty() ? std::string(fallback) : out;
  }

 private:
  agusererrf previous_;
  std::string messages_;
};

// One context for the process: loading the plugin configuration is the slow part of gvContext().
GVC_t* context() {
  static GVC_t* gvc = gvContext();
  return gvc;
}

// Frees the layout (if any) and the graph, in that order.
struct GraphOwner {
  Agraph_t* graph = nullptr;
  bool laid_out = false;
  GraphOwner() = default;
  GraphOwner(const GraphOwner&) = delete;
  GraphOwner& operator=(const GraphOwner&) = delete;
  ~GraphOwner() {
    if (laid_out) gvFreeLayout(context(), graph);
    if (graph) agclose(graph);
  }
};

// Graphviz 2.43's dot layout inserts the label node of a flat edge (both ends on one rank, common
// inside clusters) by reallocating the rank's node array `v` (lib/dotgen/flat.c, make_vn_slot) but
// leaves `av`, the pointer dot_cleanup frees, at the old block: gvFreeLayout then frees it a second time
// and corrupts the heap. Point `av` back at the live array. Later Graphviz versions keep the two equal,
// so this does nothing there.
void repair_dot_rank_arrays(Agraph_t* g) {
  rank_t* ranks = GD_rank(g);
  if (!ranks) return;
  for (int r = GD_minrank(g); r <= GD_maxrank(g); ++r)
    if (ranks[r].av != ranks[r].v) ranks[r].av = ranks[r].v;
}

// A syntax error names its line ("syntax error in line 3 near 'x'"): point the diagnostic there.
graph::InputError syntax_error(std::string_view source_name, const std::string& dot, const std::string& message) {
  static const std::regex kLine(R"(line (\d+))");
  std::smatch match;
  if (std::regex_search(message, match, kLine)) {
    std::size_t line = std::stoul(match[1].str());
    std::size_t offset = 0;
    for (std::size_t l = 1; l < line && offset < dot.size(); ++l) {
      const auto newline = dot.find('\n', offset);
      if (newline == std::string::npos) break;
      offset = newline + 1;
    }
    auto diagnostic = graph::diagnose_at(source_name, dot, offset, "invalid DOT: " + message);
    return graph::InputError(std::move(diagnostic));
  }
  return graph::InputError(std::string(source_name), "invalid DOT: " + message);
}

}  // namespace

std::string_view graphviz_format(DiagramFormat format) {
  switch (format) {
    case DiagramFormat::Svg:
      return "svg:cairo";
    case DiagramFormat::Png:
      return "png:cairo";
    case DiagramFormat::SvgText:
      return "svg:svg";
  }
  throw std::logic_error("graphviz_format: unknown DiagramFormat");
}

std::span<const std::string_view> diagram_layouts() { return kLayouts; }

std::string render_diagram(std::string_view dot, DiagramFormat format, std::string_view layout,
                           std::string_view source_name) {
  if (std::find(kLayouts.begin(), kLayouts.end(), layout) == kLayouts.end())
    throw graph::InputError("layout",
                            "unknown layout '" + std::string(layout) + "': expected dot, neato, fdp, sfdp or circo");
  const std::string text(dot);
  const std::string engine(layout);
  const std::string renderer(graphviz_format(format));

  auto lock = detail::lock_graphviz();
  ErrorCapture errors;
  GVC_t* gvc = context();
  if (!gvc) throw graph::InputError(std::string(source_name), "Graphviz: " + errors.text("gvContext failed"));

  // Graphviz 2.43's lexer carries the line count past a previous input's trailing newline into the
  // next agmemread; reading an empty graph first resets it, so syntax errors name the right line.
  if (Agraph_t* reset = agmemread("graph{}")) agclose(reset);

  GraphOwner owner;
  owner.graph = agmemread(text.c_str());
  if (!owner.graph || ErrorCapture::failed())
    throw syntax_error(source_name, text, errors.text("no graph found (expected 'digraph name { ... }')"));
  Agraph_t* g = owner.graph;

  if (engine != "dot") {
    const char* overlap = agget(g, mut("overlap"));
    if (!overlap || !*overlap) agsafeset(g, mut("overlap"), mut("false"), mut(""));
  }
  const int layout_status = gvLayout(gvc, g, engine.c_str());
  owner.laid_out = layout_status == 0;
  if (owner.laid_out && engine == "dot") repair_dot_rank_arrays(g);
  if (layout_status != 0 || ErrorCapture::failed())
    throw graph::InputError(std::string(source_name),
                            "Graphviz layout '" + engine + "' failed: " + errors.text("no message"));

  char* data = nullptr;
  unsigned int length = 0;
  if (gvRenderData(gvc, g, renderer.c_str(), &data, &length) != 0 || !data || ErrorCapture::failed()) {
    if (data) gvFreeRenderData(data);
    throw graph::InputError(std::string(source_name),
                            "Graphviz could not render '" + renderer + "': " + errors.text("no message"));
  }
  std::string out(data, length);
  gvFreeRenderData(data);
  return out;
}

}  // namespace newsgraph::exporters
