#pragma once
// The ticket fields carried by export and import: their key (JSON and CSV), their column in
// the store, and their kind. The order is the export order.

#include <itsm/render/json_stream.hpp>
#include <itsm/time/instant.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace itsm::transfer {

enum class FieldKind { integer, text, instant, optional_instant, optional_integer };

struct Field {
    const char* key;
    const char* column;
    FieldKind kind;
};

inline constexpr std::array<Field, 25> k_fields{{
    {"number", "number", FieldKind::integer},
    {"type", "type", FieldKind::text},
    {"title", "title", FieldKind::text},
    {"description", "description", FieldKind::text},
    {"status", "status", FieldKind::text},
    {"priority", "priority", FieldKind::text},
    {"service", "service", FieldKind::text},
    {"group", "grp", FieldKind::text},
    {"assignee", "assignee", FieldKind::text},
    {"requester", "requester", FieldKind::text},
    {"email", "email", FieldKind::text},
    {"org", "org", FieldKind::text},
    {"channel", "channel", FieldKind::text},
    {"opened_at", "opened_at", FieldKind::instant},
    {"responded_at", "responded_at", FieldKind::optional_instant},
    {"resolved_at", "resolved_at", FieldKind::optional_instant},
    {"closed_at", "closed_at", FieldKind::optional_instant},
    {"updated_at", "updated_at", FieldKind::instant},
    {"tier", "tier", FieldKind::integer},
    {"escalation_level", "escalation_level", FieldKind::integer},
    {"resolution", "resolution", FieldKind::text},
    {"resolution_code", "resolution_code", FieldKind::text},
    {"satisfaction", "satisfaction", FieldKind::optional_integer},
    {"comment", "comment", FieldKind::text},
    {"hold_reason", "hold_reason", FieldKind::text},
}};

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

/// "2026-11-23T08:15:00Z", as time::format_utc, appended without allocating.
void append_utc(std::string& out, long long epoch_seconds);

/// Parses "YYYY-MM-DDTHH:MM:SSZ" quickly, and any other RFC 3339 form (an offset, a fraction)
/// through time::parse_time; nullopt when it is not an RFC 3339 instant.
std::optional<long long> parse_utc(std::string_view text);

using render::append_json_string;

} // namespace itsm::transfer
