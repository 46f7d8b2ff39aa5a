#pragma once
// render_diagram: lays out a DOT document and renders it to SVG or PNG in-process through Graphviz's gvc
// library, with the cairo renderer (pango shapes Arabic: letters joined, lines right-to-left; Graphviz's
// gd renderer does not). Fonts come from fontconfig; labels written by write_dot ask for
// "Noto Sans Arabic" (Debian fonts-noto-core).
//
//   std::string dot = exporters::write_dot(graph);
//   std::string png = exporters::render_diagram(dot, exporters::DiagramFormat::Png, "dot");
//   std::string svg = exporters::render_diagram(dot, exporters::DiagramFormat::Svg, "sfdp");
//
// Failures (a DOT syntax error, an unknown layout, a layout or renderer error) throw graph::InputError
// carrying Graphviz's own message, captured instead of printed; a syntax error points at its line.
// Thread-safe (Graphviz calls are serialised, see exporters::detail::lock_graphviz).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace newsgraph::exporters {

enum class DiagramFormat : std::uint8_t {
  Svg,      // "svg:cairo": glyphs drawn as outlines, identical to the PNG on every viewer, no font needed
  Png,      // "png:cairo", 96 dpi
  SvgText,  // "svg:svg" with pango text layout: real <text> (searchable), <title>, id and class per node
            // and edge (for interactive pages); the viewer shapes the Arabic with its own fonts
};

// The Graphviz "format:renderer" used for `format` ("svg:cairo", "png:cairo", "svg:svg").
std::string_view graphviz_format(DiagramFormat format);

// The layouts render_diagram accepts: dot, neato, fdp, sfdp, circo.
std::span<const std::string_view> diagram_layouts();

// Renders `dot` with `layout` (one of diagram_layouts()). For layouts other than dot, overlap=false is
// set unless the graph says otherwise. `source_name` names the DOT text in diagnostics.
// Returns the bytes of the SVG (UTF-8 XML) or PNG file.
std::string render_diagram(std::string_view dot, DiagramFormat format, std::string_view layout = "dot",
                           std::string_view source_name = "<dot>");

}  // namespace newsgraph::exporters
