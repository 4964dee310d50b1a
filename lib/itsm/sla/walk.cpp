// One clock's state settled at the evaluation time (walk.hpp).
#include <itsm/sla/walk.hpp>

namespace itsm::sla::internal {

void set_target(Clock& c, const std::optional<config::Target>& target) {
    if (target) {
        c.target = target->amount;
    }
}

void settle(Clock& c, const Walk& walk, std::optional<Instant> stop, bool paused_now, Instant at,
            const Options& options) {
    c.counted = walk.counted();
    c.stopped_at = stop;
    if (!c.target) {
        c.state = ClockState::none;
        return;
    }
    c.due = walk.due();
    if (stop) {
        c.breached = c.due && *stop > *c.due;
        c.state = c.breached ? ClockState::breached : ClockState::met;
        return;
    }
    c.breached = c.due && at > *c.due;
    if (c.breached) {
        c.state = ClockState::breached;
        return;
    }
    c.state = paused_now ? ClockState::paused : ClockState::running;
    c.at_risk = static_cast<double>(c.counted.count()) >=
                options.warn * static_cast<double>(c.target->count());
}

} // namespace itsm::sla::internal
