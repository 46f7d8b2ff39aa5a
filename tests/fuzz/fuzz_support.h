#pragma once
// Shared by the libFuzzer targets in tests/fuzz/: what a finding is. graph::InputError is the expected
// answer to bad input; any other exception, a sanitizer report, a timeout or a broken invariant (checked
// with require) is a finding that libFuzzer saves as crash-* / timeout-* / oom-*.
//
//   extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
//     newsgraph::fuzz::expect_input_errors([&] { parse(newsgraph::fuzz::bytes(data, size)); });
//     return 0;
//   }
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "graph/diagnostic.h"

namespace newsgraph::fuzz {

inline std::string_view bytes(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Aborts (a finding) when an invariant does not hold.
inline void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "newsgraph fuzz: invariant broken: %s\n", what);
  std::abort();
}

// Runs `f`; an InputError must carry a path and a message (what the user is told), anything else escapes.
template <typename F>
void expect_input_errors(F&& f) {
  try {
    f();
  } catch (const graph::InputError& e) {
    require(!e.diagnostic().path.empty() && !e.diagnostic().message.empty(), "InputError without path or message");
    require(!e.diagnostic().format().empty(), "InputError formats to nothing");
  }
}

}  // namespace newsgraph::fuzz
