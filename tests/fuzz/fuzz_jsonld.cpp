// libFuzzer target: the JSON-LD readers. A graph read_jsonld accepts must write back and read again to
// the same bytes (write_jsonld(read_jsonld(write_jsonld(g))) == write_jsonld(g)). The one-pass file
// reader, try_read_jsonld_file (what every command that reads a graph file tries first), must agree with
// it: whatever it accepts, read_jsonld accepts too, as the same graph; whatever it cannot read, it gives
// up on (nullopt) without throwing, and read_jsonld then decides.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "export/jsonld_reader.h"
#include "export/jsonld_writer.h"
#include "tests/fuzz/fuzz_support.h"

namespace exporters = newsgraph::exporters;
namespace fuzz = newsgraph::fuzz;
namespace graph = newsgraph::graph;

namespace {

// The input as a file for try_read_jsonld_file: one per process, rewritten for every input, removed at exit.
struct InputFile {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("newsgraph-fuzz-jsonld-" + std::to_string(::getpid()) + ".jsonld");
  ~InputFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

const std::filesystem::path& input_file() {
  static const InputFile file;
  return file.path;
}

std::optional<graph::KnowledgeGraph> streamed(std::string_view bytes) {
  {
    std::ofstream out(input_file(), std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    fuzz::require(static_cast<bool>(out), "cannot write the fuzz input to a temporary file");
  }
  try {
    return exporters::try_read_jsonld_file(input_file());
  } catch (const graph::InputError& e) {
    std::fprintf(stderr, "%s\n", e.diagnostic().format().c_str());
    fuzz::require(false, "try_read_jsonld_file threw instead of giving up");
  }
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = fuzz::bytes(data, size);
  const auto fast = streamed(bytes);
  std::string once;
  fuzz::expect_input_errors([&] {
    const auto g = exporters::read_jsonld("fuzz.jsonld", bytes);
    once = exporters::write_jsonld(g);
    std::string twice;
    try {
      twice = exporters::write_jsonld(exporters::read_jsonld("rewritten.jsonld", once));
    } catch (const graph::InputError& e) {
      std::fprintf(stderr, "%s\n", e.diagnostic().format().c_str());
      fuzz::require(false, "a graph written by newsgraph is refused when read back");
    }
    fuzz::require(once == twice, "JSON-LD round trip changes the graph");
  });
  if (fast) {
    fuzz::require(!once.empty(), "try_read_jsonld_file accepts a graph that read_jsonld refuses");
    fuzz::require(exporters::write_jsonld(*fast) == once, "try_read_jsonld_file and read_jsonld read different graphs");
  }
  return 0;
}
