#include <itsm/availability/schedule.hpp>
#include <itsm/core/error.hpp>
#include <itsm/core/suggest.hpp>
#include <itsm/model/text.hpp>
#include <itsm/time/duration.hpp>

#include <fmt/format.h>

namespace itsm::availability {

time::Duration notice_needed(const config::MaintenancePolicy& policy, bool emergency) {
    return emergency ? policy.emergency_notice : policy.notice;
}

time::Duration notice_given(const Maintenance& m) {
    return m.from - m.recorded_at;
}

void require_catalogued(const config::Config& config, const std::string& service,
                        std::string_view option) {
    if (config.find_service(service) != nullptr) {
        return;
    }
    if (config.services.empty()) {
        throw UsageError(fmt::format("{} \"{}\": the configuration has no service catalogue; "
                                     "add [services.{}] to service-windows.toml",
                                     option, service, service));
    }
    std::vector<std::string> ids;
    for (const auto& [id, s] : config.services) {
        ids.push_back(id);
    }
    throw UsageError(fmt::format("{} \"{}\" is not in the catalogue{}; 'itsm services' lists it",
                                 option, service, did_you_mean(service, ids)));
}

namespace {

std::string notice_text(time::Duration d) {
    if (d <= time::Duration{0}) {
        return "none";
    }
    return time::format_duration(d);
}

} // namespace

Maintenance add_maintenance(store::Store& store, const config::Config& config,
                            const MaintenanceRequest& r, const std::string& actor, Instant at) {
    if (r.service.empty()) {
        throw UsageError("maintenance add needs --service S, a service of the catalogue");
    }
    require_catalogued(config, r.service, "--service");
    model::check_text("--reason", r.reason, model::k_max_text, true);
    if (r.to <= r.from) {
        throw UsageError(fmt::format("--to {} is not after --from {}; maintenance needs a start "
                                     "and a later end",
                                     time::format_utc(r.to), time::format_utc(r.from)));
    }
    Maintenance m;
    m.service = r.service;
    m.from = r.from;
    m.to = r.to;
    m.emergency = r.emergency;
    m.reason = r.reason;
    m.recorded_at = at;
    m.actor = actor;
    const auto needed = notice_needed(config.maintenance, r.emergency);
    const auto given = notice_given(m);
    if (given < needed) {
        if (!r.force) {
            throw RefusedError(fmt::format(
                "{} maintenance of {} from {} needs {} notice; recorded at {} it has {}: move "
                "it later{} or give --force to record it anyway (it is then reported as "
                "forced)",
                r.emergency ? "emergency" : "planned", r.service, time::format_utc(r.from),
                time::format_duration(needed), time::format_utc(at), notice_text(given),
                r.emergency ? "" : ", mark it --emergency if it is one"));
        }
        m.forced = true;
    }
    store.begin_write();
    m.id = insert_maintenance(store, m);
    store.commit();
    return m;
}

Maintenance cancel(store::Store& store, std::string_view id, const std::string& actor, Instant at) {
    const auto number = parse_maintenance_id(id);
    if (!number) {
        throw UsageError(fmt::format("\"{}\" is not a maintenance id; write it as MNT-3 or 3", id));
    }
    auto m = find_maintenance(store, *number);
    if (!m) {
        throw NotFoundError(fmt::format("no maintenance {}; 'itsm maintenance list' shows them",
                                        maintenance_id(*number)));
    }
    auto refuse = [&] {
        const auto again = find_maintenance(store, m->id).value_or(*m);
        return RefusedError(
            fmt::format("{} was cancelled already, at {} by {}", maintenance_id(m->id),
                        time::format_utc(again.cancelled_at.value_or(at)), again.cancelled_by));
    };
    if (m->cancelled_at) {
        throw refuse();
    }
    // Checked again under the write lock: another process may have cancelled it meanwhile.
    store.begin_write();
    const bool cancelled = cancel_maintenance(store, m->id, at, actor);
    store.commit();
    if (!cancelled) {
        throw refuse();
    }
    m->cancelled_at = at;
    m->cancelled_by = actor;
    return *m;
}

} // namespace itsm::availability
