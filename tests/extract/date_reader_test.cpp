// The article date: the first complete day-month-year date, in both Arabic month systems.
#include <catch2/catch.hpp>

#include <string>

#include "extract/date_reader.h"
#include "extract/normalizer.h"
#include "extract/utf8.h"
#include "graph/diagnostic.h"

using newsgraph::extract::DateReader;
using newsgraph::extract::Normalizer;
using newsgraph::extract::read_article_date;

namespace {

std::string date_of(std::string_view utf8) {
  return read_article_date(Normalizer::builtin().normalize(newsgraph::extract::decode_utf8(utf8, "test")));
}

}  // namespace

TEST_CASE("dates written with month names", "[extract][date]") {
  const auto [text, expected] = GENERATE(table<std::string, std::string>({
      // Egyptian/Gulf names
      {"القاهرة 26 يناير 2024 (رويترز) - أعلن", "2024-01-26"},
      {"بغداد في26 يناير 2024 - قال", "2024-01-26"},
      {"وقع الهجوم في 23 يوليو 2024.", "2024-07-23"},
      {"الأحد ٥ فبراير ٢٠٢٣", "2023-02-05"},
      {"في 1 إبريل 2022", "2022-04-01"},
      {"9 أغسطس، 2021", "2021-08-09"},
      // Levantine/Iraqi names
      {"بيروت 29 تموز 2021", "2021-07-29"},
      {"في 12 كانون الثاني 2020 أعلن", "2020-01-12"},
      {"في 3 كانون الأول 2019", "2019-12-03"},
      {"7 تشرين الثاني 2023", "2023-11-07"},
      {"15 شباط 2022", "2022-02-15"},
      {"5 من آذار عام 2023", "2023-03-05"},
      {"18 نيسان 2024", "2024-04-18"},
      {"2 أيار 2018", "2018-05-02"},
      {"30 حزيران 2014", "2014-06-30"},
      {"4 آب 2020", "2020-08-04"},
      {"11 أيلول 2001", "2001-09-11"},
      // doubled forms
      {"14 سبتمبر أيلول 2023", "2023-09-14"},
      {"3 أكتوبر/تشرين الأول 2022", "2022-10-03"},
      {"3 تشرين الأول (أكتوبر) 2022", "2022-10-03"},
      {"20 آب/أغسطس 2019", "2019-08-20"},
      // English and leap days
      {"Baghdad, January 26, 2024", "2024-01-26"},
      {"26 January 2024", "2024-01-26"},
      {"WASHINGTON, Jan. 26, 2024", "2024-01-26"},
      {"في الـ26 من كانون الثاني/يناير 2024", "2024-01-26"},
      {"الجمعة، 26 يناير (كانون الثاني) 2024", "2024-01-26"},
      {"29 فبراير 2024", "2024-02-29"},
  }));
  CAPTURE(text);
  CHECK(date_of(text) == expected);
}

TEST_CASE("numeric dates", "[extract][date]") {
  const auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"نشر 2024-01-26 في", "2024-01-26"},
      {"26/01/2024", "2024-01-26"},
      {"التاريخ: ٢٦/١/٢٠٢٤", "2024-01-26"},
      {"26-1-2024", "2024-01-26"},
      {"26.01.2024", "2024-01-26"},
      {"01/26/2024", "2024-01-26"},
      {"2024/01/26", "2024-01-26"},
  }));
  CAPTURE(text);
  CHECK(date_of(text) == expected);
}

TEST_CASE("no date", "[extract][date]") {
  const auto text = GENERATE(as<std::string>{}, "", "قال الوزير إن الاتفاق صامد",
                             "في 27 يناير الماضي", "يناير 2024", "في عام 2024", "31 نيسان 2024",
                             "29 شباط 2023", "32 يناير 2024", "26 يناير 24", "26 فبراير 1850",
                             "2024-13-01", "26 / 01 / 2024", "126 يناير 2024", "26 كانون 2024",
                             "26 يناير تموز 2024");
  CAPTURE(text);
  CHECK(date_of(text) == "");
}

TEST_CASE("the first complete date wins", "[extract][date]") {
  CHECK(date_of("في 27 يناير الماضي ثم في 3 شباط 2024 وبعد 2024-05-01") == "2024-02-03");
  CHECK(date_of("31 نيسان 2024 ثم 1 أيار 2024") == "2024-05-01");
  CHECK(date_of("2023-12-31 ثم 26 يناير 2024") == "2023-12-31");
}

TEST_CASE("the date is found wherever it is, and a date cut by the end of the text is none", "[extract][date]") {
  // The reader scans the text only as far as it needs: a date far in, or one the text ends in the middle
  // of, must come out as when the whole text was scanned.
  std::string filler;
  for (int k = 0; k < 400; ++k) filler += "قال الوزير في 12 من الشهر، ";
  CHECK(date_of(filler + "ثم في 3 شباط 2024.") == "2024-02-03");
  CHECK(date_of(filler + "2024-05-01") == "2024-05-01");
  CHECK(date_of(filler + "في 3 شباط") == "");
  CHECK(date_of(filler + "في 3 تشرين الأول (أكتوبر) 2022") == "2022-10-03");
  CHECK(date_of("3 تشرين") == "");
  CHECK(date_of("3 تشرين الأول") == "");
  CHECK(date_of("2024-05-") == "");
  CHECK(date_of("Jan.") == "");
}

TEST_CASE("month names come from data", "[extract][date]") {
  std::string json = R"({"format": "newsgraph-months", "version": 1, "before_month": [], "before_year": [],
 "months": [)";
  for (int m = 1; m <= 12; ++m) {
    json += R"({"month": )" + std::to_string(m) + R"(, "names": ["month)" + std::string(1, static_cast<char>('a' + m)) + R"("]})";
    json += m < 12 ? "," : "]}";
  }
  const DateReader reader = DateReader::load("m.json", json);
  auto read = [&](std::string_view utf8) {
    return reader.read(Normalizer::builtin().normalize(newsgraph::extract::decode_utf8(utf8, "t")));
  };
  CHECK(read("5 MonthD 2020") == "2020-03-05");
  CHECK(read("5 مارس 2020") == "");
}

TEST_CASE("bad month files are reported at their position", "[extract][date]") {
  const auto [json, message] = GENERATE(table<std::string, std::string>({
      {R"({"format": "newsgraph-months", "version": 1, "before_month": [], "before_year": [], "months": []})",
       "does not match the schema"},
      {R"({"format": "newsgraph-months", "version": 1, "before_month": [], "before_year": [], "months": [
 {"month": 1, "names": ["a"]}, {"month": 1, "names": ["b"]}, {"month": 3, "names": ["c"]},
 {"month": 4, "names": ["d"]}, {"month": 5, "names": ["e"]}, {"month": 6, "names": ["f"]},
 {"month": 7, "names": ["g"]}, {"month": 8, "names": ["h"]}, {"month": 9, "names": ["i"]},
 {"month": 10, "names": ["j"]}, {"month": 11, "names": ["k"]}, {"month": 12, "names": ["l"]}]})",
       "listed twice"},
      {R"({"format": "newsgraph-months", "version": 1, "before_month": [], "before_year": [], "months": [
 {"month": 1, "names": ["أيار"]}, {"month": 2, "names": ["b"]}, {"month": 3, "names": ["c"]},
 {"month": 4, "names": ["d"]}, {"month": 5, "names": ["ايار"]}, {"month": 6, "names": ["f"]},
 {"month": 7, "names": ["g"]}, {"month": 8, "names": ["h"]}, {"month": 9, "names": ["i"]},
 {"month": 10, "names": ["j"]}, {"month": 11, "names": ["k"]}, {"month": 12, "names": ["l"]}]})",
       "also names month 1"},
      {R"({"format": "newsgraph-months", "version": 1, "before_month": ["من عند"], "before_year": [], "months": [
 {"month": 1, "names": ["a"]}, {"month": 2, "names": ["b"]}, {"month": 3, "names": ["c"]},
 {"month": 4, "names": ["d"]}, {"month": 5, "names": ["e"]}, {"month": 6, "names": ["f"]},
 {"month": 7, "names": ["g"]}, {"month": 8, "names": ["h"]}, {"month": 9, "names": ["i"]},
 {"month": 10, "names": ["j"]}, {"month": 11, "names": ["k"]}, {"month": 12, "names": ["l"]}]})",
       "single word"},
  }));
  CAPTURE(json);
  try {
    DateReader::load("bad/months.json", json);
    FAIL("no error");
  } catch (const newsgraph::graph::InputError& e) {
    CHECK(e.diagnostic().path == "bad/months.json");
    CHECK(e.diagnostic().line > 0);
    CHECK(e.diagnostic().message.find(message) != std::string::npos);
  }
}
