#pragma once
// Internal to lib/itsm/sla: one clock walked through its stretches, and its state settled at the
// evaluation time; the SLA clocks (clock.cpp) and the OLA clocks (ola.cpp) are both walked so.

#include <itsm/calendar/window.hpp>
#include <itsm/calendar/working_dates.hpp>
#include <itsm/config/targets.hpp>
#include <itsm/sla/clock.hpp>

#include <optional>
#include <vector>

namespace itsm::sla::internal {

// Walks one clock through consecutive stretches [a, b), each counting or paused: adds up the
// counted time, finds the instant the target is reached, and fills the ledger when asked.
class Walk {
public:
    Walk(const calendar::Window& window, const std::optional<config::Target>& target,
         std::vector<calendar::Segment>* ledger)
        : m_window(window), m_ledger(ledger), m_has_target(target.has_value()),
          m_end_of_day(target && target->end_of_day),
          m_remaining(target ? target->amount : Duration{0}) {}

    void stretch(Instant a, Instant b, bool paused) {
        if (b <= a) {
            return;
        }
        if (!paused) {
            const Duration worked = m_window.between(a, b);
            m_counted += worked;
            if (m_has_target && !m_due_found) {
                if (m_remaining == Duration{0} && worked > Duration{0}) {
                    found(m_window.next_opening(a)); // a zero target: the first counted instant
                } else if (m_remaining > Duration{0} && worked >= m_remaining) {
                    found(m_window.add(a, m_remaining));
                } else {
                    m_remaining -= worked;
                }
            }
        }
        if (m_ledger != nullptr) {
            for (auto s : m_window.ledger(a, b)) {
                if (paused && s.kind == calendar::SegmentKind::counting) {
                    s.kind = calendar::SegmentKind::paused;
                }
                append(s);
            }
        }
    }

    // The clock's last counted instant; a due not reached yet is projected from there.
    void finish(Instant end) {
        if (m_has_target && !m_due_found) {
            found(m_remaining == Duration{0} ? m_window.next_opening(end)
                                             : m_window.add(end, m_remaining));
        }
    }

    Duration counted() const { return m_counted; }
    std::optional<Instant> due() const { return m_due; }

private:
    // The due is where the counted time reaches the target; with "end-of-day", the close of the
    // working day in which that happens (a positive target is reached in the second before).
    void found(std::optional<Instant> due) {
        m_due_found = true;
        m_due = due;
        if (m_end_of_day && due) {
            const bool zero = m_remaining == Duration{0};
            const Instant inside = zero ? *due : *due - Duration{1};
            m_due = calendar::close_of_day(m_window, inside).value_or(*due);
        }
    }

    void append(const calendar::Segment& s) {
        if (!m_ledger->empty()) {
            auto& last = m_ledger->back();
            if (last.kind == s.kind && last.to == s.from) {
                last.to = s.to;
                return;
            }
        }
        m_ledger->push_back(s);
    }

    const calendar::Window& m_window;
    std::vector<calendar::Segment>* m_ledger;
    bool m_has_target;
    bool m_end_of_day;
    Duration m_remaining;
    bool m_due_found = false;
    std::optional<Instant> m_due;
    Duration m_counted{0};
};

/// Whether the ticket is on hold after an event of `kind`: a hold starts it; a resume or a
/// resolution (resolve, close) ends it.
inline bool held_after(model::EventKind kind, bool held) {
    using K = model::EventKind;
    return kind == K::held ||
           (held && kind != K::resumed && kind != K::resolved && kind != K::closed);
}

/// The clock's target, when it has one.
void set_target(Clock& c, const std::optional<config::Target>& target);

/// The clock's counted time, due and state at `at` after its walk: stopped at `stop` (met or
/// breached), else breached past due, paused or running (and at risk by options.warn).
void settle(Clock& c, const Walk& walk, std::optional<Instant> stop, bool paused_now, Instant at,
            const Options& options);

} // namespace itsm::sla::internal
