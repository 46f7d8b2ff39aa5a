// libFuzzer target: the lexicon loader (Lexicon::load with a FileSource). The first byte picks which of
// entities.json, offices.json, triggers.json, cues.json the rest of the input replaces; the other files
// come from the built-in lexicon, so that cross-file checks (aliases, offices, relations) run too.
#include <cstdint>
#include <optional>
#include <string>

#include "extract/lexicon.h"
#include "tests/fuzz/fuzz_support.h"

namespace extract = newsgraph::extract;
namespace fuzz = newsgraph::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  constexpr std::size_t kCount = std::size(extract::Lexicon::kFiles);
  const std::string_view replaced = extract::Lexicon::kFiles[data[0] % kCount];
  const std::string content(fuzz::bytes(data + 1, size - 1));
  const extract::FileSource source = [&](std::string_view name) -> std::optional<std::string> {
    if (name == replaced) return content;
    return std::nullopt;  // taken from the built-in lexicon
  };
  fuzz::expect_input_errors([&] { extract::Lexicon::load(source, "fuzz"); });
  return 0;
}
