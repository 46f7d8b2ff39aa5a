#pragma once
// The article's date, when its text states one: the first complete day-month-year date.
//
//   auto n = extract::Normalizer::builtin().normalize(U"بغداد في26 كانون الثاني 2024 - قال ...");
//   std::string date = extract::read_article_date(n);   // "2024-01-26"
//
// Recognised forms (on normalised text, so alef forms, digits and diacritics do not matter):
//   26 يناير 2024 · في26 يناير 2024 · 29 تموز 2021 · 23 يوليو، 2024 · 5 من آذار عام 2023
//   14 سبتمبر أيلول 2023 · 3 أكتوبر/تشرين الأول 2022 · 3 تشرين الأول (أكتوبر) 2022   (doubled month names)
//   2024-01-26 · 26/01/2024 · 26-1-2024 · 26.01.2024 · January 26, 2024 · 26 January 2024
// Gregorian months in both Arabic naming systems (يناير … and كانون الثاني، شباط، آذار …) and English come
// from extract/lexicons/months.json. A date without a year ("27 يناير الماضي") or with an impossible day
// ("31 نيسان 2024") is not one; years are 1900-2100.

#include <memory>
#include <string>
#include <string_view>

#include "extract/normalizer.h"

namespace newsgraph::extract {

// ISO "YYYY-MM-DD" of the first complete date in the text, or "" when none. Uses DateReader::builtin().
std::string read_article_date(const NormalizedText& normalized);

// Month names and the words allowed around them, loaded from months.json (schemas/months.schema.json).
// Immutable after load: safe to share across threads.
class DateReader {
 public:
  static const DateReader& builtin();  // extract/lexicons/months.json
  // Throws graph::InputError at path:line:col (schema; each month 1-12 exactly once; a name claimed by
  // two months).
  static DateReader load(std::string_view path, std::string_view json);
  std::string read(const NormalizedText& normalized) const;  // as read_article_date

  struct Months;  // implementation detail (date_reader.cpp)

 private:
  explicit DateReader(std::shared_ptr<const Months> months);
  std::shared_ptr<const Months> months_;
};

}  // namespace newsgraph::extract
