#pragma once
// The ticket fields carried by export and import: their key (JSON and CSV). The order is the
// export order, the store's bulk columns' (store/bulk.hpp), which give each its kind.

#include <itsm/render/json_stream.hpp>
#include <itsm/store/bulk.hpp>
#include <itsm/time/instant.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace itsm::transfer {

using FieldKind = store::ColumnKind;

struct Field {
    std::string_view key; // its length known, so a key of another length is told apart at once
};

inline constexpr std::array<Field, 25> k_fields{{
    {"number"},       {"type"},
    {"title"},        {"description"},
    {"status"},       {"priority"},
    {"service"},      {"group"},
    {"assignee"},     {"requester"},
    {"email"},        {"org"},
    {"channel"},      {"opened_at"},
    {"responded_at"}, {"resolved_at"},
    {"closed_at"},    {"updated_at"},
    {"tier"},         {"escalation_level"},
    {"resolution"},   {"resolution_code"},
    {"satisfaction"}, {"comment"},
    {"hold_reason"},
}};

// Field i is the store's bulk column i, and has its kind.
static_assert(k_fields.size() == store::k_bulk_columns.size());
constexpr FieldKind field_kind(std::size_t i) {
    return store::k_bulk_columns[i].kind;
}

/// Indexes into k_fields, for readability.
enum FieldIndex : std::size_t {
    f_number,
    f_type,
    f_title,
    f_description,
    f_status,
    f_priority,
    f_service,
    f_group,
    f_assignee,
    f_requester,
    f_email,
    f_org,
    f_channel,
    f_opened_at,
    f_responded_at,
    f_resolved_at,
    f_closed_at,
    f_updated_at,
    f_tier,
    f_escalation_level,
    f_resolution,
    f_resolution_code,
    f_satisfaction,
    f_comment,
    f_hold_reason
};

/// The index of `key` in k_fields, trying `expected` first (exports write them in order);
/// k_fields.size() when there is no such field.
std::size_t field_index(std::string_view key, std::size_t expected = 0);

/// Every key a ticket's line may have: the fields', "id", "links" and "events" (for did-you-mean
/// suggestions).
std::vector<std::string> field_keys();

/// "2026-11-23T08:15:00Z" of a store's seconds, appended (time::append_utc).
inline void append_utc(std::string& out, long long epoch_seconds) {
    time::append_utc(out, time::from_epoch(epoch_seconds));
}

/// Parses "YYYY-MM-DDTHH:MM:SSZ" quickly, and any other RFC 3339 form (an offset, a fraction)
/// through time::parse_time; nullopt when it is not an RFC 3339 instant.
std::optional<long long> parse_utc(std::string_view text);

using render::append_json_string;

} // namespace itsm::transfer
