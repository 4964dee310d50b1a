#include <itsm/availability/measure.hpp>
#include <itsm/availability/records.hpp>
#include <itsm/render/table.hpp>
#include <itsm/time/duration.hpp>

#include <fmt/format.h>

#include <charconv>

namespace itsm::availability {

std::vector<ServiceFigures> measure(store::Store& store, const config::Config& config, Instant from,
                                    Instant to, Scope scope, const std::string& only) {
    std::map<std::string, std::vector<Outage>> down;
    for (auto& o : outages(store, only, from, to)) {
        down[o.service].push_back(std::move(o));
    }
    MaintenanceFilter filter;
    filter.service = only;
    filter.include_cancelled = false;
    filter.from = from;
    filter.to = to;
    std::map<std::string, std::vector<Maintenance>> agreed;
    for (auto& m : maintenance(store, filter)) {
        agreed[m.service].push_back(std::move(m));
    }
    std::vector<ServiceFigures> out;
    for (const auto& [id, service] : config.services) {
        if (!only.empty() && id != only) {
            continue;
        }
        const auto d = down.find(id);
        const bool had_outage = d != down.end() && !d->second.empty();
        if (!service.availability && (scope == Scope::targets || !had_outage)) {
            continue;
        }
        const auto& window = config.window_for("", id);
        ServiceFigures f;
        f.service = id;
        f.name = service.name;
        f.window = window.name();
        f.target = service.availability;
        std::vector<Interval> spans;
        if (had_outage) {
            for (const auto& o : d->second) {
                spans.push_back({o.start, o.effective_end().value_or(to)});
            }
            f.outages = static_cast<long long>(d->second.size());
        }
        std::vector<Interval> excused;
        if (const auto a = agreed.find(id); a != agreed.end()) {
            for (const auto& m : a->second) {
                excused.push_back({m.from, m.to});
                f.forced += m.forced ? 1 : 0;
            }
            f.maintenance = static_cast<long long>(a->second.size());
        }
        f.figures = compute(window, from, to, std::move(spans), std::move(excused));
        if (!f.target || !f.figures.achieved_hundredths()) {
            f.state = "none";
        } else {
            f.state = f.figures.meets(*f.target) ? "met" : "breached";
        }
        out.push_back(std::move(f));
    }
    return out;
}

namespace {

long long minutes(time::Duration d) {
    return d.count() / 60;
}

} // namespace

nlohmann::json to_json(const ServiceFigures& f) {
    nlohmann::json j = {{"service", f.service},
                        {"name", f.name},
                        {"window", f.window},
                        {"target", nullptr},
                        {"achieved", nullptr},
                        {"state", f.state},
                        {"window_minutes", minutes(f.figures.window)},
                        {"outage_minutes", minutes(f.figures.outage)},
                        {"excused_minutes", minutes(f.figures.excused)},
                        {"downtime_minutes", minutes(f.figures.downtime)},
                        {"outages", f.outages},
                        {"maintenance", f.maintenance},
                        {"forced", f.forced}};
    if (f.target) {
        j["target"] = *f.target;
    }
    if (const auto h = f.figures.achieved_hundredths()) {
        j["achieved"] = static_cast<double>(*h) / 100.0;
    }
    return j;
}

bool any_breached(const std::vector<ServiceFigures>& services) {
    return std::any_of(services.begin(), services.end(),
                       [](const ServiceFigures& s) { return s.state == "breached"; });
}

std::string to_text(const std::vector<ServiceFigures>& services, Instant from, time::Zone zone,
                    std::size_t width) {
    if (services.empty()) {
        return "";
    }
    const std::string since = time::format_local(from, zone);
    if (!any_breached(services)) {
        return fmt::format("availability since {}: {} services at or above target\n", since,
                           services.size());
    }
    render::TextTable table({"SERVICE", "TARGET", "ACHIEVED", "DOWNTIME", "WINDOW"});
    for (std::size_t i = 1; i < 4; ++i) {
        table.align_right(i);
    }
    std::size_t below = 0;
    for (const auto& s : services) {
        if (s.state != "breached") {
            continue;
        }
        ++below;
        table.add_row({s.service, target_text(s.target),
                       percent_text(s.figures.achieved_hundredths()),
                       time::format_duration(s.figures.downtime), s.window});
    }
    return fmt::format("\n{} of {} services below their availability target since {}:\n", below,
                       services.size(), since) +
           table.render(width);
}

std::string hundredths_text(long long hundredths) {
    return fmt::format("{}.{:02}", hundredths / 100, hundredths % 100);
}

std::string number_text(double percent) {
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, percent);
    return std::string(buffer, ec == std::errc{} ? end : buffer);
}

std::string percent_text(const std::optional<long long>& hundredths) {
    return hundredths ? hundredths_text(*hundredths) + "%" : "n/a";
}

std::string target_text(const std::optional<double>& target) {
    return target ? number_text(*target) + "%" : "-";
}

} // namespace itsm::availability
