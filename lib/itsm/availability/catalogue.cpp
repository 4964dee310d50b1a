#include <itsm/availability/catalogue.hpp>
#include <itsm/availability/measure.hpp>
#include <itsm/availability/schedule.hpp>
#include <itsm/time/duration.hpp>

#include <fmt/format.h>

namespace itsm::availability {

namespace {

constexpr std::array<const char*, 7> k_days = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::string clock_text(int minutes) {
    return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

std::string ranges_text(const std::vector<calendar::TimeRange>& ranges) {
    std::string out;
    for (const auto& r : ranges) {
        out += (out.empty() ? "" : " ") + clock_text(r.start) + "-" + clock_text(r.end);
    }
    return out;
}

} // namespace

std::string hours_summary(const calendar::Window& window) {
    const auto& week = window.spec().week;
    std::string out;
    std::size_t day = 0;
    while (day < week.size()) {
        std::size_t last = day;
        while (last + 1 < week.size() && week[last + 1] == week[day]) {
            ++last;
        }
        if (!week[day].empty()) {
            const std::string days =
                last == day ? k_days[day] : std::string(k_days[day]) + "-" + k_days[last];
            out += (out.empty() ? "" : ", ") + days + " " + ranges_text(week[day]);
        }
        day = last + 1;
    }
    if (out.empty()) {
        out = "never open";
    }
    if (!window.spec().holidays.empty()) {
        out += "; closed on " + std::to_string(window.spec().holidays.size()) + " holidays";
    }
    return out;
}

std::vector<std::string> catalogue_header() {
    return {"Service", "Name", "Window", "Hours", "Group", "Target", "Category", "Site"};
}

std::vector<std::vector<std::string>> catalogue_rows(const config::Config& config) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& [id, service] : config.services) {
        const auto& window = config.window_for("", id);
        rows.push_back({id, service.name, window.name(), hours_summary(window), service.group,
                        target_text(service.availability), service.category, service.site});
    }
    return rows;
}

nlohmann::json catalogue_json(const config::Config& config) {
    auto out = nlohmann::json::array();
    for (const auto& [id, service] : config.services) {
        const auto& window = config.window_for("", id);
        nlohmann::json j = {{"service", id},
                            {"name", service.name},
                            {"window", window.name()},
                            {"timezone", window.spec().zone_name},
                            {"hours", hours_summary(window)},
                            {"group", service.group},
                            {"target", nullptr},
                            {"category", service.category},
                            {"site", service.site}};
        if (service.availability) {
            j["target"] = *service.availability;
        }
        out.push_back(std::move(j));
    }
    return out;
}

const char* kind_of(const Maintenance& m) {
    return m.emergency ? "emergency" : "planned";
}

const char* status_of(const Maintenance& m) {
    if (m.cancelled_at) {
        return "cancelled";
    }
    return m.forced ? "forced" : "agreed";
}

std::vector<std::string> maintenance_header() {
    return {"ID", "Service", "From", "To", "Kind", "Notice", "Status", "Reason"};
}

std::vector<std::string> maintenance_row(const Maintenance& m, time::Zone zone) {
    const auto notice = notice_given(m);
    return {maintenance_id(m.id),
            m.service,
            time::format_local(m.from, zone),
            time::format_local(m.to, zone),
            kind_of(m),
            notice > time::Duration{0} ? time::format_duration(notice) : "none",
            status_of(m),
            m.reason};
}

nlohmann::json to_json(const Maintenance& m) {
    nlohmann::json j = {{"id", maintenance_id(m.id)},
                        {"service", m.service},
                        {"from", time::format_utc(m.from)},
                        {"to", time::format_utc(m.to)},
                        {"kind", kind_of(m)},
                        {"reason", m.reason},
                        {"recorded_at", time::format_utc(m.recorded_at)},
                        {"actor", m.actor},
                        {"notice_minutes", notice_given(m).count() / 60},
                        {"forced", m.forced},
                        {"cancelled_at", nullptr},
                        {"status", status_of(m)}};
    if (m.cancelled_at) {
        j["cancelled_at"] = time::format_utc(*m.cancelled_at);
        j["cancelled_by"] = m.cancelled_by;
    }
    return j;
}

} // namespace itsm::availability
