#include "export/html_report.h"

#include <cstdio>
#include <map>
#include <string_view>

#include "export/diagram_renderer.h"
#include "export/dot_writer.h"

namespace newsgraph::exporters {
namespace {

constexpr std::string_view kStyle = R"css(
body { font-family: "Noto Sans Arabic", "Noto Sans", "DejaVu Sans", sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.5em; margin: 0 0 .3em; }
h2 { font-size: 1.2em; margin: 1.2em 0 .4em; }
.summary { color: #555; }
#diagram { border: 1px solid #ccc; overflow: auto; max-height: 70vh; direction: ltr; background: #fff; }
#diagram svg { max-width: 100%; height: auto; }
#diagram g.node, #diagram g.edge { cursor: pointer; }
#diagram g.selected polygon, #diagram g.selected ellipse, #diagram g.selected path { stroke: #d62728; stroke-width: 3; }
table { border-collapse: collapse; width: 100%; font-size: .92em; }
th, td { border: 1px solid #ddd; padding: .3em .5em; vertical-align: top; text-align: start; }
th { background: #f2f2f2; position: sticky; top: 0; }
tbody tr:nth-child(even) { background: #fafafa; }
.scroll { max-height: 45vh; overflow: auto; border: 1px solid #ddd; }
#entities tbody tr { cursor: pointer; }
#entities tbody tr:hover, #entities tbody tr.selected { background: #ffe9a8; }
tr.hidden { display: none; }
.negative { color: #b00020; }
.filter { margin: .4em 0; }
.filter button { font: inherit; }
.ltr { direction: ltr; unicode-bidi: isolate; }
)css";

constexpr std::string_view kScript = R"js(
(function () {
  'use strict';
  var rows = Array.prototype.slice.call(document.querySelectorAll('#statements tbody tr'));
  var status = document.getElementById('filter-status');
  var clear = document.getElementById('clear-filter');
  function mark(selector) {
    Array.prototype.forEach.call(document.querySelectorAll('.selected'), function (el) {
      el.classList.remove('selected');
    });
    if (selector) {
      Array.prototype.forEach.call(document.querySelectorAll(selector), function (el) {
        el.classList.add('selected');
      });
    }
  }
  function apply(keep, label, selector) {
    var shown = 0;
    rows.forEach(function (row) {
      var visible = keep(row);
      row.classList.toggle('hidden', !visible);
      if (visible) shown += 1;
    });
    status.textContent = label ? label + ': ' + shown + ' / ' + rows.length : String(rows.length);
    clear.disabled = !label;
    mark(selector);
  }
  function byEntity(id, name) {
    var css = window.CSS && CSS.escape ? CSS.escape(id) : id;
    apply(function (row) {
      return row.getAttribute('data-subject') === id || row.getAttribute('data-object') === id;
    }, name || id, '#entities tr[data-entity="' + css + '"], #diagram g.node[id="' + css + '"]');
  }
  function byEdge(id) {
    var css = window.CSS && CSS.escape ? CSS.escape(id) : id;
    apply(function (row) { return row.getAttribute('data-edge') === id; }, id, '#diagram g.edge[id="' + css + '"]');
  }
  Array.prototype.forEach.call(document.querySelectorAll('#entities tbody tr'), function (row) {
    row.addEventListener('click', function () {
      byEntity(row.getAttribute('data-entity'), row.getAttribute('data-name'));
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('#diagram g.node'), function (node) {
    node.addEventListener('click', function () { byEntity(node.id); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('#diagram g.edge'), function (edge) {
    edge.addEventListener('click', function () { byEdge(edge.id); });
  });
  clear.addEventListener('click', function () { apply(function () { return true; }, '', null); });
  // A link may preselect a filter: report.html#entity=sudani or #edge=sudani.demands.united_states.
  var hash = decodeURIComponent(window.location.hash.slice(1));
  if (hash.indexOf('entity=') === 0) byEntity(hash.slice(7));
  else if (hash.indexOf('edge=') === 0) byEdge(hash.slice(5));
  else apply(function () { return true; }, '', null);
  document.body.setAttribute('data-ready', 'true');
})();
)js";

std::string fixed2(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

std::string display_name(const graph::KnowledgeGraph& graph, std::string_view id) {
  const auto* e = graph.entity(id);
  if (!e) return std::string(id);
  if (!e->name_ar.empty()) return e->name_ar;
  if (!e->name_en.empty()) return e->name_en;
  return e->id;
}

// The <svg> element of Graphviz's output, without the XML declaration, doctype and comments before it.
std::string inline_svg(const graph::KnowledgeGraph& graph, const HtmlReportOptions& options) {
  const auto svg = render_diagram(write_dot(graph), DiagramFormat::SvgText, options.layout, "<report diagram>");
  const auto start = svg.find("<svg");
  return start == std::string::npos ? std::string() : svg.substr(start);
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string write_html_report(const graph::KnowledgeGraph& graph, const HtmlReportOptions& options) {
  const auto entities = graph.entities();
  const auto statements = graph.statements();
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<meta name=\"generator\" content=\"newsgraph\">\n";
  h += "<title>" + html_escape(options.title) + "</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
  h += "<header>\n<h1>" + html_escape(options.title) + "</h1>\n";
  h += "<p class=\"summary\"><span class=\"ltr\">" + std::to_string(graph.document_count()) + "</span> مقالات · <span class=\"ltr\">" +
       std::to_string(graph.entity_count()) + "</span> كيانات · <span class=\"ltr\">" +
       std::to_string(graph.statement_count()) + "</span> علاقات</p>\n</header>\n";

  if (options.diagram) {
    h += "<section id=\"diagram\" aria-label=\"diagram\">\n" + inline_svg(graph, options) + "\n</section>\n";
  }

  h += "<section id=\"entities\">\n<h2>الكيانات <span class=\"ltr\">(entities)</span></h2>\n<div class=\"scroll\">\n<table>\n<thead><tr>"
       "<th>الاسم</th><th>Name</th><th>النوع <span class=\"ltr\">type</span></th>"
       "<th>الذكر <span class=\"ltr\">mentions</span></th><th>id</th></tr></thead>\n<tbody>\n";
  for (const auto* e : entities) {
    const auto name = display_name(graph, e->id);
    h += "<tr data-entity=\"" + html_escape(e->id) + "\" data-name=\"" + html_escape(name) + "\" data-type=\"" +
         std::string(graph::to_string(e->type)) + "\">";
    h += "<td dir=\"rtl\">" + html_escape(e->name_ar) + "</td>";
    h += "<td dir=\"ltr\">" + html_escape(e->name_en) + "</td>";
    h += "<td dir=\"ltr\">" + std::string(graph::to_string(e->type)) + "</td>";
    h += "<td dir=\"ltr\">" + std::to_string(e->mentions.size()) + "</td>";
    h += "<td dir=\"ltr\">" + html_escape(e->id) + "</td></tr>\n";
  }
  h += "</tbody>\n</table>\n</div>\n</section>\n";

  h += "<section id=\"statements\">\n<h2>العلاقات <span class=\"ltr\">(statements)</span></h2>\n";
  h += "<p class=\"filter\">المعروض <span class=\"ltr\">(shown)</span>: <span id=\"filter-status\" dir=\"auto\"></span> "
       "<button type=\"button\" id=\"clear-filter\">عرض الكل <span class=\"ltr\">(show all)</span></button></p>\n";
  h += "<table>\n<thead><tr><th>الفاعل <span class=\"ltr\">subject</span></th><th>العلاقة <span class=\"ltr\">"
       "relation</span></th><th>المفعول <span class=\"ltr\">object</span></th><th>الدليل <span class=\"ltr\">"
       "evidence</span></th><th>المقال <span class=\"ltr\">document</span></th><th>polarity</th><th>modality</th>"
       "<th>confidence</th></tr></thead>\n<tbody>\n";
  for (const auto* s : statements) {
    const auto edge = s->subject + "." + s->relation + "." + s->object;
    const bool negative = s->polarity == graph::Polarity::Negative;
    h += "<tr data-subject=\"" + html_escape(s->subject) + "\" data-object=\"" + html_escape(s->object) +
         "\" data-relation=\"" + html_escape(s->relation) + "\" data-edge=\"" + html_escape(edge) + "\"" +
         (negative ? " class=\"negative\"" : "") + ">";
    h += "<td dir=\"rtl\">" + html_escape(display_name(graph, s->subject)) + "</td>";
    h += "<td dir=\"ltr\">" + html_escape(s->relation) + "</td>";
    h += "<td dir=\"rtl\">" + html_escape(display_name(graph, s->object)) + "</td>";
    h += "<td dir=\"rtl\">" + (s->evidence.empty() ? std::string() : html_escape(s->evidence.front().text));
    if (s->evidence.size() > 1) h += " <span class=\"ltr\">(+" + std::to_string(s->evidence.size() - 1) + ")</span>";
    h += "</td>";
    h += "<td dir=\"ltr\">" + html_escape(s->document) + "</td>";
    h += "<td dir=\"ltr\">" + std::string(graph::to_string(s->polarity)) + "</td>";
    h += "<td dir=\"ltr\">" + std::string(graph::to_string(s->modality)) + "</td>";
    h += "<td dir=\"ltr\">" + fixed2(s->confidence) + "</td></tr>\n";
  }
  h += "</tbody>\n</table>\n</section>\n";
  h += "<script>" + std::string(kScript) + "</script>\n</body>\n</html>\n";
  return h;
}

}  // namespace newsgraph::exporters
