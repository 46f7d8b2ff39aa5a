#pragma once
// write_html_report: one self-contained HTML page about a knowledge graph, for reading in any browser
// without a network: inline CSS and JavaScript, the diagram as inline SVG (render_diagram with
// DiagramFormat::SvgText, whose nodes and edges carry the entity ids and "subject.relation.object" ids),
// a table of entities (type, Arabic and English names, mention count) and a table of statements
// (subject, relation, object, first evidence sentence, document, polarity, modality, confidence).
// Clicking an entity (in the diagram or the entity table) keeps only the statements it takes part in;
// clicking an edge keeps only that relationship's statements; "show all" clears the filter. A link can
// preselect a filter: report.html#entity=sudani, report.html#edge=sudani.demands.united_states.
// The page is lang="ar" dir="rtl"; English text and numbers sit in dir="ltr" cells.
//
//   exporters::HtmlReportOptions options;
//   options.title = "Iraq, January 2024";
//   std::string html = exporters::write_html_report(graph, options);
//   exporters::write_file_atomically("out/report.html", html);   // export/output_file.h
//
// Deterministic for a given graph and options. Graphviz failures surface as graph::InputError
// (diagram_renderer.h). Thread-safe.

#include <string>

#include "graph/knowledge_graph.h"

namespace newsgraph::exporters {

struct HtmlReportOptions {
  std::string title = "newsgraph";  // the page's <title> and heading (any text; escaped)
  bool diagram = true;              // embed the diagram (off for graphs too big to lay out)
  std::string layout = "dot";       // a Graphviz layout of diagram_layouts()
};

std::string write_html_report(const graph::KnowledgeGraph& graph, const HtmlReportOptions& options = {});

// `text` with & < > " ' replaced by character references: safe in HTML text and quoted attributes.
std::string html_escape(std::string_view text);

}  // namespace newsgraph::exporters
