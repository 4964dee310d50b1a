#pragma once
// SLA targets of a priority measured on a given window: "1d" means that window's working day,
// so a target is re-read from its text for the window that applies to a ticket. A target's text
// may add options after its duration (docs/sla.md, "Target options"): "2d by-date" counts
// working dates, "end-of-day" moves the due to close of business, and "next-opening" alone is a
// target of zero working time, due when the window next opens ("end-of-day" alone: by close of
// business of the first working day).

#include <itsm/calendar/window.hpp>
#include <itsm/config/config.hpp>

#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace itsm::config {

/// A target's text read into its duration and options.
struct TargetRule {
    std::string_view duration; // "2d4h" as written; empty for next-opening
    bool by_date = false;      // the days are working dates, at the same local time
    bool end_of_day = false;   // the due moves to the close of its working day
    bool next_opening = false; // zero working time: due at the first opening
};

/// Reads "2d", "2d by-date", "3d end-of-day", "next-opening"...; the error says what is wrong
/// with the options (the duration itself is checked by time::parse_duration).
std::expected<TargetRule, std::string> read_target_rule(std::string_view text);

/// One clock's target for one ticket.
struct Target {
    time::Duration amount{0}; // working time from the clock's start
    bool end_of_day = false;  // the due moves to the close of the working day it falls on
};

/// The response (`response == true`) or resolve target of `priority` on `window` for a clock
/// that starts at `start`; nullopt when the priority has no such target (or its text does not
/// parse, which `load` reports, or the window never opens). A "by-date" target becomes the
/// working time from `start` to the same local time on the Nth working date. A Priority built
/// in code with only a value (no text) gets that value.
std::optional<Target> target_for(const Priority& priority, bool response,
                                 const calendar::Window& window, time::Instant start);

/// The update promise of `priority` for a clock restarted at `start` (the last public contact).
std::optional<Target> update_target_for(const Priority& priority, const calendar::Window& window,
                                        time::Instant start);

/// A group's OLA response (`response == true`) or resolve target on `window` for a clock that
/// starts when the ticket enters the group (docs/sla.md, "OLAs"); read as target_for reads a
/// priority's.
std::optional<Target> ola_target_for(const OlaTargets& ola, bool response,
                                     const calendar::Window& window, time::Instant start);

/// The nominal working time of the target on `window`, whatever the ticket: days read as the
/// window's working day, "next-opening" as zero.
std::optional<time::Duration> target_on(const Priority& priority, bool response,
                                        const calendar::Window& window);

} // namespace itsm::config
