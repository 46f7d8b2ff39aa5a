// File input and output shared by the subcommands (declared in cli/command.h): reading a saved graph,
// reading an input file or stdin, and writing an output whole or not at all (or to stdout).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
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
  // open, fstat and read straight into the string: a build reads thousands of small articles, and
  // std::ifstream's stream buffer, locale and the two stat calls of is_directory and file_size were a
  // tenth of a build's wall time.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw graph::InputError(path, std::string("cannot read the file: ") + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0) throw graph::InputError(path, std::string("cannot read the file: ") + std::strerror(errno));
  if (S_ISDIR(info.st_mode)) throw graph::InputError(path, "cannot read the file: it is a directory");
  // st_size is only a hint (0 for pipes and /proc files; a file may grow while read): read until EOF.
  std::string content;
  content.resize(S_ISREG(info.st_mode) && info.st_size > 0 ? static_cast<std::size_t>(info.st_size) + 1 : 1 << 16);
  std::size_t used = 0;
  for (;;) {
    if (used == content.size()) content.resize(2 * content.size());
    const ssize_t n = ::read(fd, content.data() + used, content.size() - used);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw graph::InputError(path, std::string("cannot read the file: ") + std::strerror(errno));
    }
    used += static_cast<std::size_t>(n);
  }
  content.resize(used);
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
