#pragma once
// Reading JSON data files (lexicons, the ontology, JSON-LD graphs) with errors a user can act on:
// syntax errors and schema violations come back as InputError at `path:line:col`.
//
//   auto doc = graph::json::parse(path, text);                 // syntax
//   graph::json::validate(path, text, doc, schema_text);       // draft-04 JSON Schema
//   throw graph::json::error_at(path, text, "/entities/3/id", "duplicate entity id 'x'");
//
// This header exposes RapidJSON on purpose: it is the one place where the loaders of the graph,
// extract and export libraries meet RapidJSON values. Nothing else includes RapidJSON from a header.

#include <rapidjson/document.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "graph/diagnostic.h"

namespace newsgraph::graph::json {

// How numbers are read: RapidJSON's fast path (may be one unit in the last place off), or correctly
// rounded, so that every double written with the shortest representation reads back exactly.
enum class Numbers { Fast, FullPrecision };

// Parses UTF-8 JSON; a leading byte order mark is skipped. Throws InputError at the offending position:
// invalid UTF-8 anywhere (graph/utf8.h), nesting deeper than 256 levels, an escaped lone UTF-16
// surrogate, or a syntax error. Every string of the document is therefore valid UTF-8.
rapidjson::Document parse(std::string_view path, std::string_view text, Numbers numbers = Numbers::Fast);

// Validates `doc` (parsed from `text`) against a draft-04 JSON Schema given as text. Throws InputError
// pointing at the offending value, naming the failed keyword and where it is in the schema.
void validate(std::string_view path, std::string_view text, const rapidjson::Value& doc,
              std::string_view schema_text);

// Byte offset in `text` of the value at JSON Pointer `pointer` ("" = the root), or of the nearest
// ancestor that exists.
std::size_t locate(std::string_view text, std::string_view pointer);

// An InputError at the value `pointer` of `text`.
InputError error_at(std::string_view path, std::string_view text, std::string_view pointer,
                    std::string message);

// JSON Pointer escaping of one reference token ("~" -> "~0", "/" -> "~1").
std::string pointer_token(std::string_view token);

// Convenience accessors for validated documents (the schema guarantees presence and type).
std::string_view string_or(const rapidjson::Value& object, const char* member, std::string_view fallback = "");

}  // namespace newsgraph::graph::json
