// Targets re-read against the working day of the window that applies.
#include <itsm/config/targets.hpp>
#include <itsm/time/duration.hpp>

namespace itsm::config {

std::optional<time::Duration> target_on(const Priority& priority, bool response,
                                        const calendar::Window& window) {
    const std::string& text = response ? priority.response_text : priority.resolve_text;
    const auto& parsed = response ? priority.response : priority.resolve;
    if (text.empty()) {
        return parsed; // built in code without a text: the value is all there is
    }
    if (!time::uses_days(text) && parsed) {
        return parsed; // no `d`: the window's working day does not matter
    }
    time::Duration working_day = window.working_day();
    if (working_day <= time::Duration{0}) {
        return std::nullopt;
    }
    auto value = time::parse_duration(text, working_day);
    if (!value) {
        return std::nullopt;
    }
    return *value;
}

} // namespace itsm::config
