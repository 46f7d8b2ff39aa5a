// The baseline of bench/build_bench.sh: one bare ICU NFKC pass (icu::Normalizer2, no folding, no
// alignment) over the same article bytes newsgraph build reads. Prints the bytes and seconds.
//   build-bench/nfkc_pass corpus/*.txt
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) {
    std::cerr << "nfkc_pass: ICU NFKC unavailable: " << u_errorName(status) << "\n";
    return 1;
  }
  std::size_t bytes = 0, out_units = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    const std::string text = s.str();
    bytes += text.size();
    const icu::UnicodeString normalized = nfkc->normalize(icu::UnicodeString::fromUTF8(text), status);
    if (U_FAILURE(status)) {
      std::cerr << "nfkc_pass: " << argv[i] << ": " << u_errorName(status) << "\n";
      return 1;
    }
    std::string utf8;
    normalized.toUTF8String(utf8);
    out_units += utf8.size();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%zu bytes %.6f seconds (%zu bytes out)\n", bytes, seconds, out_units);
  return 0;
}
