// libFuzzer target: the JSON-LD reader. A graph it accepts must write back and read again to the same
// bytes (write_jsonld(read_jsonld(write_jsonld(g))) == write_jsonld(g)).
#include <cstdint>
#include <string>

#include "export/jsonld_reader.h"
#include "export/jsonld_writer.h"
#include "tests/fuzz/fuzz_support.h"

namespace exporters = newsgraph::exporters;
namespace fuzz = newsgraph::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::expect_input_errors([&] {
    const auto g = exporters::read_jsonld("fuzz.jsonld", fuzz::bytes(data, size));
    const std::string once = exporters::write_jsonld(g);
    std::string twice;
    try {
      twice = exporters::write_jsonld(exporters::read_jsonld("rewritten.jsonld", once));
    } catch (const newsgraph::graph::InputError& e) {
      std::fprintf(stderr, "%s\n", e.diagnostic().format().c_str());
      fuzz::require(false, "a graph written by newsgraph is refused when read back");
    }
    fuzz::require(once == twice, "JSON-LD round trip changes the graph");
  });
  return 0;
}
