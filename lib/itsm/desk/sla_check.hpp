#pragma once
// sla-check over tickets: every open ticket's running clocks, breached or at risk.

#include <itsm/config/config.hpp>
#include <itsm/core/text_arena.hpp>
#include <itsm/sla/clock.hpp>
#include <itsm/store/store.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace itsm::desk {

/// One clock breached or at risk. Its text is viewed in the CheckResult's arena (a backlog can
/// have a million findings: they move as plain bytes and share their ticket's text).
struct Finding {
    long long number = 0;
    std::string_view id;
    std::string_view priority;
    std::string_view group; // the ticket's group; for an OLA finding, the OLA's (the same group)
    std::string_view assignee;
    std::string_view title;
    std::string_view metric; // "response", "resolve", "update", "ola-response" or "ola-resolve"
    sla::Alert state = sla::Alert::at_risk;
    time::Instant due;
    long long overdue_minutes = 0; // working minutes past due on the ticket's window

    /// True for a group's OLA clock: reported, but no notice and no exit 1 (docs/sla.md).
    bool ola() const { return metric.starts_with("ola-"); }
};

struct CheckResult {
    time::Instant at;
    long long tickets_checked = 0;
    std::vector<Finding> findings; // breached first, most overdue first
    core::TextArena text;          // the findings' text
    /// A customer SLA clock breached (an OLA breach alone is not one).
    bool any_breached() const;
};

/// Evaluates every open ticket at `at`; a clock is reported while it still runs (or is paused)
/// and is breached or at risk (counted >= warn * target).
/// With `type`, only the tickets of that record type.
CheckResult sla_check(store::Store& store, const config::Config& config, time::Instant at,
                      double warn, std::optional<model::Type> type = std::nullopt);

/// `sla-check --format json` (docs/json.md), written finding by finding; `extra` holds further
/// members of the document (e.g. "escalations").
void write_json(std::ostream& out, const CheckResult& result, nlohmann::json extra = {});

/// A table for people; instants in `zone`; fitted to `width` (0 = any); with `color`, breached
/// states are red and at-risk ones yellow.
std::string to_text(const CheckResult& result, time::Zone zone, std::size_t width,
                    bool color = false);

} // namespace itsm::desk
