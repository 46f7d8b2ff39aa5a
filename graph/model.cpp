#include "graph/model.h"

#include <array>
#include <utility>

namespace newsgraph::graph {
namespace {

constexpr std::array<std::pair<EntityType, std::string_view>, 4> kEntityTypes{{
    {EntityType::Person, "Person"},
    {EntityType::Organization, "Organization"},
    {EntityType::Country, "Country"},
    {EntityType::Place, "Place"},
}};
constexpr std::array<std::pair<Polarity, std::string_view>, 2> kPolarities{{
    {Polarity::Positive, "positive"},
    {Polarity::Negative, "negative"},
}};
constexpr std::array<std::pair<Modality, std::string_view>, 3> kModalities{{
    {Modality::Asserted, "asserted"},
    {Modality::Reported, "reported"},
    {Modality::Future, "future"},
}};
constexpr std::array<std::pair<MentionKind, std::string_view>, 2> kMentionKinds{{
    {MentionKind::Name, "name"},
    {MentionKind::Role, "role"},
}};

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return "";
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
                             std::string_view text) {
  for (const auto& [v, name] : table)
    if (name == text) return v;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(EntityType type) { return name_of(kEntityTypes, type); }
std::string_view to_string(Polarity polarity) { return name_of(kPolarities, polarity); }
std::string_view to_string(Modality modality) { return name_of(kModalities, modality); }
std::string_view to_string(MentionKind kind) { return name_of(kMentionKinds, kind); }
std::optional<EntityType> parse_entity_type(std::string_view text) { return value_of(kEntityTypes, text); }
std::optional<Polarity> parse_polarity(std::string_view text) { return value_of(kPolarities, text); }
std::optional<Modality> parse_modality(std::string_view text) { return value_of(kModalities, text); }
std::optional<MentionKind> parse_mention_kind(std::string_view text) { return value_of(kMentionKinds, text); }

StatementKey key_of(const Statement& s) {
  return StatementKey{s.subject, s.relation, s.object, s.document, s.polarity};
}

}  // namespace newsgraph::graph
