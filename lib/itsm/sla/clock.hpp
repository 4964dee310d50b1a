#pragma once
// SLA clocks of a ticket: response and resolve, evaluated from its events (docs/sla.md).

#include <itsm/calendar/window.hpp>
#include <itsm/config/config.hpp>
#include <itsm/model/ticket.hpp>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace itsm::sla {

using time::Duration;
using time::Instant;

enum class ClockState { running, paused, met, breached, none };

/// "running", "paused", "met", "breached", "none".
const char* to_string(ClockState s);

/// What sla-check reports of a clock still running: breached, or at risk (counted >= warn *
/// target); breached first when sorted.
enum class Alert { breached, at_risk };

/// "breached", "at-risk" (the `state` of an sla-check finding, docs/json.md).
const char* to_string(Alert a);

/// One clock (response or resolve) as of the evaluation time.
struct Clock {
    std::optional<Duration> target; // none when the priority has no such target
    std::optional<Instant> due;     // when the counted time reaches the target; a paused
                                    // clock's due assumes it resumes at the evaluation time
    ClockState state = ClockState::none;
    bool breached = false;                 // running past due, or stopped after due
    bool at_risk = false;                  // running, not breached, counted >= warn * target
    Duration counted{0};                   // working time counted so far (or until the stop)
    std::optional<Instant> stopped_at;     // when the clock stopped (met/breached by a stop)
    std::vector<calendar::Segment> ledger; // only with Options::ledger
};

/// The clocks of a ticket and the window they were measured on. `update` is the promise to keep
/// the customer informed (a priority's `update`): it restarts at every public contact (logging,
/// a `replied` event, a reopen) and stops when the ticket is resolved or closed.
struct Evaluation {
    std::string window;
    Clock response;
    Clock resolve;
    Clock update;
};

/// The alert a clock raises: breached, at risk, or none.
std::optional<Alert> alert_of(const Clock& c);

struct Options {
    double warn = 0.75;  // at-risk fraction of the target
    bool ledger = false; // fill Clock::ledger (show --explain)
};

/// Evaluates a ticket's clocks at `at` from its events (oldest first; only events at or before
/// `at` are taken into account). The priority and service in force at `at` apply from logging.
/// An `at` before the logging is taken as the logging time; without a `logged` event both
/// clocks are `none` and the window is "". The ticket is measured by the policy version in force
/// when it was logged (config::Config::policy_at), whichever `config` is given. A record type the
/// priority does not measure (its `types`; problems, changes and interactions by default) has both
/// clocks `none`.
Evaluation evaluate(const config::Config& config, const std::vector<model::Event>& events,
                    Instant at, const Options& options = {});

/// The same over any contiguous run of events (e.g. a slice of a batch read from the store).
Evaluation evaluate(const config::Config& config, std::span<const model::Event> events, Instant at,
                    const Options& options = {});

} // namespace itsm::sla
