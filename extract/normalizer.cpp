#include "extract/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "extract/embedded_data.h"
#include "extract/utf8.h"
#include "graph/json_input.h"

namespace newsgraph::extract {
namespace {

constexpr char32_t kBmpSize = 0x10000;
constexpr int kMaxFoldRounds = 8;

bool is_scalar(char32_t c) { return c <= 0x10FFFF && (c < 0xD800 || c > 0xDFFF); }

enum class Lowercase : std::uint8_t { None, Latin, All };

const icu::Normalizer2& nfkc_instance() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status) || n == nullptr)
    throw std::logic_error(std::string("ICU NFKC normalizer unavailable: ") + u_errorName(status));
  return *n;
}

// ICU NFKC of a sequence of scalar values.
std::u32string nfkc(const icu::Normalizer2& normalizer, std::u32string_view text) {
  const auto in =
      icu::UnicodeString::fromUTF32(reinterpret_cast<const UChar32*>(text.data()), static_cast<int32_t>(text.size()));
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString out = normalizer.normalize(in, status);
  if (U_FAILURE(status)) throw std::logic_error(std::string("ICU NFKC failed: ") + u_errorName(status));
  std::u32string result(static_cast<std::size_t>(out.countChar32()), U'\0');
  status = U_ZERO_ERROR;
  out.toUTF32(reinterpret_cast<UChar32*>(result.data()), static_cast<int32_t>(result.size()), status);
  if (U_FAILURE(status) && status != U_STRING_NOT_TERMINATED_WARNING)
    throw std::logic_error(std::string("ICU UTF-32 conversion failed: ") + u_errorName(status));
  return result;
}

bool is_nfkc(const icu::Normalizer2& normalizer, std::u32string_view text) { return nfkc(normalizer, text) == text; }

// "U+064B" -> 0x064B (the schema guarantees the form).
char32_t parse_code_point(std::string_view text) {
  return static_cast<char32_t>(std::stoul(std::string(text.substr(2)), nullptr, 16));
}

}  // namespace

struct Normalizer::Tables {
  const icu::Normalizer2* icu = nullptr;
  Lowercase lowercase = Lowercase::Latin;
  std::unordered_map<char32_t, std::u32string> map;
  std::vector<std::pair<char32_t, char32_t>> remove;  // inclusive ranges
  std::vector<char32_t> digit_zeros;

  // Per BMP code point: its normalised form when it stands alone (pool[offset[c], offset[c+1])), and whether
  // it starts a new chunk (an NFKC boundary before it, and it does not vanish).
  std::vector<std::uint32_t> offset;
  std::u32string pool;
  std::vector<std::uint8_t> starts_chunk;  // bytes, not vector<bool>: read for every code point
  // The same normalised form when it is exactly one code point (most letters, digits, spaces), else
  // kNotSingle: what normalize() needs for most of a text, in one lookup.
  static constexpr char32_t kNotSingle = 0xFFFFFFFF;
  std::vector<char32_t> single;

  // Appends the folding of one code point of NFKC output.
  void fold_char(char32_t c, std::u32string& out) const {
    if (auto it = map.find(c); it != map.end()) {
      out += it->second;
      return;
    }
    for (const auto& [first, last] : remove)
      if (c >= first && c <= last) return;
    for (char32_t zero : digit_zeros)
      if (c >= zero && c <= zero + 9) {
        out.push_back(U'0' + (c - zero));
        return;
      }
    if (lowercase != Lowercase::None && is_scalar(c) && u_isUUppercase(static_cast<UChar32>(c))) {
      UErrorCode status = U_ZERO_ERROR;
      if (lowercase == Lowercase::All || uscript_getScript(static_cast<UChar32>(c), &status) == USCRIPT_LATIN) {
        out.push_back(static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))));
        return;
      }
    }
    out.push_back(c);
  }

  std::u32string fold_all(std::u32string_view text) const {
    std::u32string out;
    out.reserve(text.size());
    for (char32_t c : text) fold_char(c, out);
    return out;
  }

  // NFKC then folding, repeated until nothing changes (removing a character can let its neighbours
  // compose: "e" ZWJ U+0301 -> "e" U+0301 -> "é").
  std::u32string process(std::u32string_view chunk) const {
    for (char32_t c : chunk)
      if (!is_scalar(c)) return std::u32string(chunk);  // not from decode_utf8: left as is
    std::u32string current = fold_all(nfkc(*icu, chunk));
    for (int round = 0; round < kMaxFoldRounds; ++round) {
      std::u32string next = fold_all(nfkc(*icu, current));
      if (next == current) break;
      current = std::move(next);
    }
    return current;
  }

  // Normalised form of one code point standing alone.
  std::u32string process_one(char32_t c) const {
    if (!is_scalar(c)) return std::u32string(1, c);
    if (icu->isInert(static_cast<UChar32>(c))) {
      std::u32string out;
      fold_char(c, out);
      if (out.size() == 1 && out[0] == c) return out;
    }
    return process(std::u32string_view(&c, 1));
  }

  bool chunk_start(char32_t c) const {
    if (c < kBmpSize) return starts_chunk[c] != 0;
    if (!is_scalar(c)) return true;
    return icu->hasBoundaryBefore(static_cast<UChar32>(c)) && !process_one(c).empty();
  }

  // `claimed`: the BMP code points some folding rule maps, removes or turns into a digit.
  void build_table(const std::vector<bool>& claimed) {
    offset.assign(kBmpSize + 1, 0);
    starts_chunk.assign(kBmpSize, 1);
    single.assign(kBmpSize, kNotSingle);
    pool.reserve(kBmpSize + 4096);
    for (char32_t c = 0; c < kBmpSize; ++c) {
      offset[c] = static_cast<std::uint32_t>(pool.size());
      // Most of the BMP (CJK, Hangul jamo, symbols ...) is inert under NFKC, claimed by no rule and not
      // upper case: it stays itself, as process_one() would say at several times the cost (a process's
      // start-up is sequential, before the first article).
      if (is_scalar(c) && !claimed[c] && icu->isInert(static_cast<UChar32>(c)) &&
          !u_isUUppercase(static_cast<UChar32>(c))) {
        pool.push_back(c);
        single[c] = c;
        starts_chunk[c] = icu->hasBoundaryBefore(static_cast<UChar32>(c));
        continue;
      }
      const std::u32string out = process_one(c);
      pool += out;
      if (out.size() == 1) single[c] = out[0];
      if (is_scalar(c)) starts_chunk[c] = icu->hasBoundaryBefore(static_cast<UChar32>(c)) && !out.empty();
    }
    offset[kBmpSize] = static_cast<std::uint32_t>(pool.size());
  }
};

Normalizer::Normalizer(std::shared_ptr<const Tables> tables) : tables_(std::move(tables)) {}

const Normalizer& Normalizer::builtin() {
  static const Normalizer instance = [] {
    constexpr std::string_view path = "extract/lexicons/folding.json";
    const std::string_view json = embedded_file(path);
    if (json.empty()) throw std::logic_error("folding.json is not embedded");
    return load(path, json);
  }();
  return instance;
}

Normalizer Normalizer::load(std::string_view path, std::string_view json) {
  const rapidjson::Document doc = graph::json::parse(path, json);
  const std::string_view schema = embedded_file("schemas/folding.schema.json");
  if (schema.empty()) throw std::logic_error("schemas/folding.schema.json is not embedded");
  graph::json::validate(path, json, doc, schema);

  auto tables = std::make_shared<Tables>();
  tables->icu = &nfkc_instance();
  const std::string_view lowercase = graph::json::string_or(doc, "lowercase");
  tables->lowercase = lowercase == "none" ? Lowercase::None : lowercase == "all" ? Lowercase::All : Lowercase::Latin;

  // Every code point belongs to at most one rule: remember which rule claimed it for the error message.
  std::unordered_map<char32_t, std::string> claimed;
  auto claim = [&](char32_t c, const std::string& pointer) {
    auto [it, inserted] = claimed.emplace(c, pointer);
    if (!inserted)
      throw graph::json::error_at(path, json, pointer, "code point already covered by the rule at " + it->second);
  };
  auto hex = [](char32_t c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
    return std::string(buf);
  };

  const auto& removes = doc["remove"];
  for (rapidjson::SizeType i = 0; i < removes.Size(); ++i) {
    const std::string pointer = "/remove/" + std::to_string(i);
    const char32_t first = parse_code_point(removes[i]["first"].GetString());
    const char32_t last = parse_code_point(removes[i]["last"].GetString());
    if (first > last || !is_scalar(first) || !is_scalar(last) || (first < 0xD800 && last > 0xDFFF))
      throw graph::json::error_at(path, json, pointer,
                                  "invalid range " + hex(first) + ".." + hex(last) +
                                      " (first must not exceed last; no surrogates, at most U+10FFFF)");
    if (last - first > 0x1000)
      throw graph::json::error_at(path, json, pointer, "range " + hex(first) + ".." + hex(last) + " is too wide");
    for (char32_t c = first; c <= last; ++c) claim(c, pointer);
    tables->remove.emplace_back(first, last);
  }
  const auto& digits = doc["digits"];
  for (rapidjson::SizeType i = 0; i < digits.Size(); ++i) {
    const std::string pointer = "/digits/" + std::to_string(i);
    const char32_t zero = parse_code_point(digits[i]["zero"].GetString());
    for (char32_t k = 0; k < 10; ++k) {
      if (!is_scalar(zero + k) || u_charDigitValue(static_cast<UChar32>(zero + k)) != static_cast<int32_t>(k))
        throw graph::json::error_at(path, json, pointer + "/zero",
                                    hex(zero) + " does not start a block of ten decimal digits");
      claim(zero + k, pointer);
    }
    tables->digit_zeros.push_back(zero);
  }
  const auto& maps = doc["map"];
  for (rapidjson::SizeType i = 0; i < maps.Size(); ++i) {
    const std::string pointer = "/map/" + std::to_string(i);
    const std::u32string from = decode_utf8(maps[i]["from"].GetString(), path);
    if (from.size() != 1)
      throw graph::json::error_at(path, json, pointer + "/from", "'from' must be exactly one code point");
    if (!is_nfkc(*tables->icu, from))
      throw graph::json::error_at(path, json, pointer + "/from",
                                  hex(from[0]) + " never occurs after NFKC, so this rule would never apply");
    claim(from[0], pointer);
    tables->map.emplace(from[0], decode_utf8(maps[i]["to"].GetString(), path));
  }
  // Rule outputs must be final: NFKC-normalised and untouched by every rule (no chains), so that folding
  // twice changes nothing.
  for (rapidjson::SizeType i = 0; i < maps.Size(); ++i) {
    const std::string pointer = "/map/" + std::to_string(i) + "/to";
    const std::u32string to = decode_utf8(maps[i]["to"].GetString(), path);
    if (!is_nfkc(*tables->icu, to)) throw graph::json::error_at(path, json, pointer, "'to' is not in NFKC form");
    for (char32_t c : to)
      if (claimed.count(c))
        throw graph::json::error_at(
            path, json, pointer,
            "'to' contains " + hex(c) + ", which the rule at " + claimed[c] + " would change again");
  }
  std::vector<bool> claimed_bmp(kBmpSize, false);
  for (const auto& [c, pointer] : claimed)
    if (c < kBmpSize) claimed_bmp[c] = true;
  tables->build_table(claimed_bmp);
  return Normalizer(std::move(tables));
}

NormalizedText Normalizer::normalize(std::u32string_view original) const {
  const Tables& t = *tables_;
  const std::size_t n = original.size();
  if (n >= UINT32_MAX) throw std::length_error("text too long to normalise");
  // The output is written by index into buffers sized for the usual case, one output code point per
  // original one, and grown only when expansions (ligatures, ﷺ) need more: an append and a push_back
  // per code point were most of the cost of normalising.
  NormalizedText out;
  out.text.resize(n);
  out.origin.resize(n + 1);
  out.position.resize(n + 1);
  std::size_t size = 0;  // code points of out.text written so far
  std::uint32_t* const position = out.position.data();
  auto put = [&](const char32_t* chunk_output, std::size_t length, std::size_t origin) {
    if (size + length > out.text.size()) {
      const std::size_t capacity = std::max(size + length, 2 * out.text.size());
      out.text.resize(capacity);
      out.origin.resize(capacity + 1);
    }
    char32_t* const text = out.text.data() + size;
    std::uint32_t* const origins = out.origin.data() + size;
    for (std::size_t k = 0; k < length; ++k) {
      text[k] = chunk_output[k];
      origins[k] = static_cast<std::uint32_t>(origin);
    }
    size += length;
  };
  const char32_t* const single = t.single.data();
  // The buffers as the fast path below writes them, in registers; put() may grow them.
  char32_t* text = nullptr;
  std::uint32_t* origins = nullptr;
  std::size_t capacity = 0;
  auto refresh = [&] {
    text = out.text.data();
    origins = out.origin.data();
    capacity = out.text.size();
  };
  refresh();
  std::size_t i = 0;
  while (i < n) {
    const char32_t c = original[i];
    // Most code points are a chunk of their own (the next one starts a chunk) that becomes one code point:
    // written here through raw pointers while the buffers have room (they do unless an expansion came
    // before), the rest through put().
    if (c < kBmpSize && single[c] != Tables::kNotSingle && (i + 1 == n || t.chunk_start(original[i + 1]))) {
      position[i] = static_cast<std::uint32_t>(size);
      if (size < capacity) {
        text[size] = single[c];
        origins[size] = static_cast<std::uint32_t>(i);
        ++size;
      } else {
        put(single + c, 1, i);
        refresh();
      }
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    while (j < n && !t.chunk_start(original[j])) ++j;
    position[i] = static_cast<std::uint32_t>(size);
    if (j == i + 1 && c < kBmpSize) {
      put(t.pool.data() + t.offset[c], t.offset[c + 1] - t.offset[c], i);
    } else {
      const std::u32string chunk_output = j == i + 1 ? t.process_one(c) : t.process(original.substr(i, j - i));
      put(chunk_output.data(), chunk_output.size(), i);
    }
    refresh();
    for (std::size_t k = i + 1; k < j; ++k) position[k] = static_cast<std::uint32_t>(size);
    i = j;
  }
  position[n] = static_cast<std::uint32_t>(size);
  out.text.resize(size);
  out.origin.resize(size + 1);
  out.origin[size] = static_cast<std::uint32_t>(n);
  return out;
}

std::u32string Normalizer::fold(std::u32string_view text) const { return normalize(text).text; }

std::string Normalizer::fold_utf8(std::string_view utf8) const {
  return encode_utf8(fold(decode_utf8(utf8, "<text>")));
}

graph::Span NormalizedText::to_original(std::size_t begin, std::size_t end) const {
  if (begin > end || end >= origin.size()) throw std::out_of_range("NormalizedText::to_original: bad range");
  graph::Span span{origin[begin], origin[end]};
  if (end > begin) {
    // When text[end - 1] and text[end] came from one original chunk (a ligature expanded to several
    // letters, cut between them), the span runs to the end of that chunk; hence never empty.
    const std::uint32_t last = origin[end - 1];
    std::size_t k = end;
    while (k + 1 < origin.size() && origin[k] <= last) ++k;
    span.end = origin[k];
  }
  return span;
}

}  // namespace newsgraph::extract
