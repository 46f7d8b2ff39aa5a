// File input and output shared by the subcommands (declared in cli/command.h): reading a saved graph,
// reading an input file or stdin, and writing an output whole or not at all (or to stdout).
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli/command.h"
#include "export/jsonld_reader.h"
#include "export/output_file.h"
#include "graph/diagnostic.h"

namespace newsgraph::cli {

// A file newsgraph wrote is read in one streaming pass; anything else (stdin, another layout, an error)
// is read whole, and read_jsonld reports what is wrong at its line and column.
graph::KnowledgeGraph read_graph_file(const std::string& path) {
  if (path != "-")
    if (auto graph = exporters::try_read_jsonld_file(path)) return std::move(*graph);
  const std::string text = read_input_file(path);
  return exporters::read_jsonld(path == "-" ? "<stdin>" : path, text);
}

std::string read_input_file(const std::string& path) {
  if (path == "-") {
    std::ostringstream content;
    content << std::cin.rdbuf();
    if (std::cin.bad()) throw graph::InputError("<stdin>", "cannot read standard input");
    return content.str();
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw graph::InputError(path, "cannot read the file: it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw graph::InputError(path, std::string("cannot read the file: ") + std::strerror(errno));
  // In blocks, not character by character (istreambuf_iterator was a sixth of reading a graph).
  std::string content;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec) content.reserve(size);
  char block[1 << 16];
  while (in.read(block, sizeof block) || in.gcount() > 0) content.append(block, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw graph::InputError(path, std::string("cannot read the file: ") + std::strerror(errno));
  return content;
}

void write_output(const std::string& path, std::string_view content) {
  if (path == "-") {
    std::cout.write(content.data(), static_cast<std::streamsize>(content.size()));
    std::cout.flush();
    if (!std::cout) throw graph::InputError("<stdout>", "cannot write to standard output");
    return;
  }
  exporters::write_file_atomically(path, content);
}

}  // namespace newsgraph::cli
