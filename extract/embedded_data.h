#pragma once
// Data files compiled into the extract library by newsgraph_embed(): the lexicons under
// extract/lexicons/ and the schemas they are validated against. Paths are repository-relative.
#include <string_view>
#include <vector>

namespace newsgraph::extract {
std::string_view embedded_file(std::string_view path);  // "" when not embedded
std::vector<std::string_view> embedded_paths();
}  // namespace newsgraph::extract
