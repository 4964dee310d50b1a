// Service windows: working-time arithmetic.
#include <itsm/calendar/window.hpp>

namespace itsm::calendar {

const char* to_string(SegmentKind kind) {
    switch (kind) {
    case SegmentKind::counting:
        return "counting";
    case SegmentKind::closed:
        return "closed";
    case SegmentKind::holiday:
        return "holiday";
    case SegmentKind::paused:
        return "paused";
    }
    return "counting";
}

struct Window::Cache {};

Window::Window(WindowSpec spec) : m_spec(std::move(spec)), m_cache(std::make_unique<Cache>()) {}
Window::~Window() = default;
Window::Window(Window&&) noexcept = default;
Window& Window::operator=(Window&&) noexcept = default;

Duration Window::working_day() const { return m_spec.working_day.value_or(Duration{86400}); }
bool Window::never_open() const { return false; }
bool Window::always_open() const { return true; }
bool Window::is_holiday(Date) const { return false; }
bool Window::is_open(Instant) const { return true; }
std::optional<Instant> Window::next_opening(Instant t) const { return t; }
std::optional<Instant> Window::add(Instant from, Duration amount) const { return from + amount; }
Duration Window::between(Instant from, Instant to) const {
    return to <= from ? Duration{0} : to - from;
}
std::vector<Segment> Window::ledger(Instant from, Instant to) const {
    if (to <= from) {
        return {};
    }
    return {Segment{from, to, SegmentKind::counting}};
}
std::vector<std::pair<Instant, Instant>> Window::open_ranges(Date) const { return {}; }

} // namespace itsm::calendar
