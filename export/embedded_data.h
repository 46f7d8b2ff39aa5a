#pragma once
// Data files compiled into the export library by newsgraph_embed(): schemas/context.jsonld and the
// JSON Schema of exported graphs. Paths are repository-relative.
#include <string_view>
#include <vector>

namespace newsgraph::exporters {
std::string_view embedded_file(std::string_view path);  // "" when not embedded
std::vector<std::string_view> embedded_paths();
}  // namespace newsgraph::exporters
