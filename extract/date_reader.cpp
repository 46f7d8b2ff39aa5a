#include "extract/date_reader.h"

#include <unicode/uchar.h>  // U_NON_SPACING_MARK, U_FORMAT_CHAR

#include <algorithm>
#include <cstdio>
#include <deque>
#include <map>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "extract/char_properties.h"
#include "extract/embedded_data.h"
#include "extract/utf8.h"
#include "graph/json_input.h"

namespace newsgraph::extract {
namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2100;

using Words = std::vector<std::u32string>;

// The normalised text as a sequence of numbers, words and single punctuation characters (white space
// dropped), each with its range, so that patterns can ask whether two items touch.
struct Item {
  enum class Kind : std::uint8_t { Number, Word, Mark } kind;
  std::size_t begin, end;
  std::u32string_view text;
  bool touches(const Item& next) const { return end == next.begin; }
};

bool is_ascii_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool is_word_char(CharProperties p) {
  return p.has(CharProperties::Alnum) || p.has(CharProperties::Combining) || p.type == U_NON_SPACING_MARK;
}
bool is_skipped(CharProperties p) { return p.has(CharProperties::WhiteSpace) || p.type == U_FORMAT_CHAR; }

// The items of a text, scanned only as far as they are asked for: the first date is almost always in the
// dateline, and scanning whole articles into items was most of the cost of reading the date.
class Items {
 public:
  explicit Items(std::u32string_view text) : text_(text) {}

  // The item at index i, scanning on as far as needed; nullptr when the text has no more items.
  const Item* at(std::size_t i) {
    while (items_.size() <= i)
      if (!scan_next()) break;
    return i < items_.size() ? &items_[i] : nullptr;
  }

 private:
  // Appends the next item; false at the end of the text.
  bool scan_next() {
    const CharTable& chars = chars_;
    while (pos_ < text_.size()) {
      const std::size_t i = pos_;
      const char32_t c = text_[i];
      std::size_t j = i + 1;
      Item::Kind kind;
      if (is_ascii_digit(c)) {
        kind = Item::Kind::Number;
        while (j < text_.size() && is_ascii_digit(text_[j])) ++j;
      } else if (is_word_char(chars[c])) {
        kind = Item::Kind::Word;
        while (j < text_.size() && !is_ascii_digit(text_[j]) && is_word_char(chars[text_[j]])) ++j;
      } else if (is_skipped(chars[c])) {
        pos_ = j;
        continue;
      } else {
        kind = Item::Kind::Mark;
      }
      items_.push_back({kind, i, j, text_.substr(i, j - i)});
      pos_ = j;
      return true;
    }
    return false;
  }

  const CharTable& chars_ = CharTable::instance();
  std::u32string_view text_;
  std::size_t pos_ = 0;  // where scanning goes on
  std::deque<Item> items_;  // a deque: the items handed out stay where they are as scanning goes on
};

Words split_words(std::u32string_view text) {
  Words words;
  Items items(text);
  for (std::size_t i = 0; const Item* item = items.at(i); ++i) words.emplace_back(item->text);
  return words;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in(int month, int year) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

std::optional<std::string> iso(int year, int month, int day) {
  if (year < kMinYear || year > kMaxYear || month < 1 || month > 12 || day < 1 || day > days_in(month, year))
    return std::nullopt;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return std::string(buf);
}

// Value of a number item of `min`..`max` digits, or -1.
int number(Items& items, std::size_t i, std::size_t min_digits, std::size_t max_digits) {
  const Item* item = items.at(i);
  if (item == nullptr || item->kind != Item::Kind::Number) return -1;
  const auto digits = item->text.size();
  if (digits < min_digits || digits > max_digits) return -1;
  int value = 0;
  for (char32_t c : item->text) value = value * 10 + static_cast<int>(c - U'0');
  return value;
}

bool is_mark(Items& items, std::size_t i, std::u32string_view marks) {
  const Item* item = items.at(i);
  return item != nullptr && item->kind == Item::Kind::Mark && marks.find(item->text[0]) != marks.npos;
}

}  // namespace

struct DateReader::Months {
  std::vector<std::pair<Words, int>> names;  // longest first
  // names' indices by first word, longest first: every word of an article is tried as a month's start, and
  // most are no month's first word (a scan of all the names for each was 1.5% of a build).
  struct WordHash {
    using is_transparent = void;
    std::size_t operator()(std::u32string_view w) const noexcept { return std::hash<std::u32string_view>{}(w); }
  };
  std::unordered_map<std::u32string, std::vector<std::size_t>, WordHash, std::equal_to<>> by_first_word;
  std::vector<std::u32string> before_month;
  std::vector<std::u32string> before_year;

  bool is_one_of(Items& items, std::size_t i, const std::vector<std::u32string>& words) const {
    const Item* item = items.at(i);
    return item != nullptr && item->kind == Item::Kind::Word &&
           std::find(words.begin(), words.end(), item->text) != words.end();
  }

  // The month named at items[i...]: {month, index after the name}, or {0, i}.
  std::pair<int, std::size_t> month_name(Items& items, std::size_t i) const {
    // Every position of the text is tried: look at its item once, and only then at the names that start
    // with it.
    const Item* first = items.at(i);
    if (first == nullptr || first->kind != Item::Kind::Word) return {0, i};
    const auto candidates = by_first_word.find(first->text);
    if (candidates == by_first_word.end()) return {0, i};
    for (const std::size_t n : candidates->second) {
      const auto& [words, month] = names[n];
      bool match = true;
      for (std::size_t k = 1; k < words.size() && match; ++k) {
        const Item* item = items.at(i + k);
        match = item != nullptr && item->kind == Item::Kind::Word && item->text == words[k];
      }
      if (match) return {month, i + words.size()};
    }
    return {0, i};
  }

  // A month, possibly doubled in the other naming system: "سبتمبر أيلول", "أكتوبر/تشرين الأول",
  // "تشرين الأول (أكتوبر)".
  std::pair<int, std::size_t> month_phrase(Items& items, std::size_t i) const {
    auto [month, next] = month_name(items, i);
    if (month == 0) return {0, i};
    std::size_t k = next;
    const bool open = is_mark(items, k, U"(");
    if (open || is_mark(items, k, U"/-")) ++k;
    auto [second, after] = month_name(items, k);
    if (second == month) {
      next = after;
      if (open && is_mark(items, next, U")")) ++next;
    }
    // An abbreviated name may carry its full stop ("Jan. 26, 2024").
    if (is_mark(items, next, U".") && items.at(next - 1)->touches(*items.at(next))) ++next;
    return {month, next};
  }

  std::optional<std::string> date_at(Items& items, std::size_t i) const {
    // Day month year: "26 يناير 2024", "5 من آذار عام 2023", "26 January, 2024".
    if (const int day = number(items, i, 1, 2); day > 0) {
      std::size_t k = i + 1;
      if (is_one_of(items, k, before_month)) ++k;
      if (auto [month, next] = month_phrase(items, k); month != 0) {
        k = next;
        if (is_mark(items, k, U",،")) ++k;
        if (is_one_of(items, k, before_year)) ++k;
        if (const int year = number(items, k, 4, 4); year > 0)
          if (auto date = iso(year, month, day)) return date;
      }
    }
    // Month day year: "January 26, 2024", "يناير 26، 2024".
    if (auto [month, next] = month_phrase(items, i); month != 0) {
      std::size_t k = next;
      if (const int day = number(items, k, 1, 2); day > 0) {
        ++k;
        if (is_mark(items, k, U",،")) ++k;
        if (const int year = number(items, k, 4, 4); year > 0)
          if (auto date = iso(year, month, day)) return date;
      }
    }
    // Numeric, written without spaces: "2024-01-26", "26/01/2024", "26.1.2024".
    if (items.at(i + 4) != nullptr && is_mark(items, i + 1, U"-/.") && is_mark(items, i + 3, U"-/.") &&
        items.at(i + 1)->text == items.at(i + 3)->text && items.at(i)->touches(*items.at(i + 1)) &&
        items.at(i + 1)->touches(*items.at(i + 2)) && items.at(i + 2)->touches(*items.at(i + 3)) &&
        items.at(i + 3)->touches(*items.at(i + 4))) {
      if (const int year = number(items, i, 4, 4); year > 0) {
        const int month = number(items, i + 2, 1, 2), day = number(items, i + 4, 1, 2);
        if (month > 0 && day > 0)
          if (auto date = iso(year, month, day)) return date;
      }
      const int first = number(items, i, 1, 2), second = number(items, i + 2, 1, 2);
      const int year = number(items, i + 4, 4, 4);
      if (first > 0 && second > 0 && year > 0) {
        // Day first, as Arabic writes it; month first only when the second number cannot be a month.
        if (auto date = second <= 12 ? iso(year, second, first) : iso(year, first, second)) return date;
      }
    }
    return std::nullopt;
  }
};

DateReader::DateReader(std::shared_ptr<const Months> months) : months_(std::move(months)) {}

const DateReader& DateReader::builtin() {
  static const DateReader instance = [] {
    constexpr std::string_view path = "extract/lexicons/months.json";
    const std::string_view json = embedded_file(path);
    if (json.empty()) throw std::logic_error("months.json is not embedded");
    return load(path, json);
  }();
  return instance;
}

DateReader DateReader::load(std::string_view path, std::string_view json) {
  const rapidjson::Document doc = graph::json::parse(path, json);
  const std::string_view schema = embedded_file("schemas/months.schema.json");
  if (schema.empty()) throw std::logic_error("schemas/months.schema.json is not embedded");
  graph::json::validate(path, json, doc, schema);

  const Normalizer& normalizer = Normalizer::builtin();
  auto words_of = [&](const rapidjson::Value& value, const std::string& pointer) {
    Words words = split_words(normalizer.fold(decode_utf8(value.GetString(), path)));
    if (words.empty()) throw graph::json::error_at(path, json, pointer, "nothing is left of this name after folding");
    return words;
  };

  auto months = std::make_shared<Months>();
  std::map<Words, std::pair<int, std::string>> owner;  // folded name -> (month, where)
  std::vector<bool> seen(13, false);
  const auto& list = doc["months"];
  for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
    const std::string pointer = "/months/" + std::to_string(i);
    const int month = list[i]["month"].GetInt();
    if (seen[static_cast<std::size_t>(month)])
      throw graph::json::error_at(path, json, pointer + "/month",
                                  "month " + std::to_string(month) + " is listed twice");
    seen[static_cast<std::size_t>(month)] = true;
    const auto& names = list[i]["names"];
    for (rapidjson::SizeType k = 0; k < names.Size(); ++k) {
      const std::string where = pointer + "/names/" + std::to_string(k);
      Words words = words_of(names[k], where);
      auto [it, inserted] = owner.emplace(words, std::make_pair(month, where));
      if (!inserted && it->second.first != month)
        throw graph::json::error_at(
            path, json, where,
            "this name also names month " + std::to_string(it->second.first) + " at " + it->second.second);
      if (inserted) months->names.emplace_back(std::move(words), month);
    }
  }
  std::stable_sort(months->names.begin(), months->names.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  for (std::size_t n = 0; n < months->names.size(); ++n) months->by_first_word[months->names[n].first[0]].push_back(n);
  for (const char* member : {"before_month", "before_year"}) {
    auto& target = std::string_view(member) == "before_month" ? months->before_month : months->before_year;
    const auto& words = doc[member];
    for (rapidjson::SizeType k = 0; k < words.Size(); ++k) {
      const std::string where = std::string("/") + member + "/" + std::to_string(k);
      Words folded = words_of(words[k], where);
      if (folded.size() != 1) throw graph::json::error_at(path, json, where, "must be a single word");
      target.push_back(std::move(folded[0]));
    }
  }
  return DateReader(std::move(months));
}

std::string DateReader::read(const NormalizedText& normalized) const {
  Items items(normalized.text);
  for (std::size_t i = 0; items.at(i) != nullptr; ++i)
    if (auto date = months_->date_at(items, i)) return *date;
  return "";
}

std::string read_article_date(const NormalizedText& normalized) { return DateReader::builtin().read(normalized); }

}  // namespace newsgraph::extract
