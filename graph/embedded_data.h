#pragma once
// Data files compiled into the graph library by newsgraph_embed() (cmake/NewsgraphEmbed.cmake):
// graph/ontology.json and the schemas it is checked against. Paths are repository-relative.
#include <string_view>
#include <vector>

namespace newsgraph::graph {
std::string_view embedded_file(std::string_view path);  // "" when not embedded
std::vector<std::string_view> embedded_paths();
}  // namespace newsgraph::graph
