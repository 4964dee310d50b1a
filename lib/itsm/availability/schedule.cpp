#include <itsm/availability/schedule.hpp>
#include <itsm/core/error.hpp>
#include <itsm/core/suggest.hpp>
#include <itsm/model/text.hpp>
#include <itsm/time/duration.hpp>

#include <fmt/format.h>

#include <set>

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
                "it later{}, or give --force to record it anyway (it is then reported as "
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

namespace {

// One item of an imported array; throws UsageError naming what is wrong.
Maintenance read_item(const nlohmann::json& item, const config::Config& config) {
    if (!item.is_object()) {
        throw UsageError("not an object");
    }
    auto text = [&](const char* key, bool required) -> std::string {
        const auto it = item.find(key);
        if (it == item.end() || it->is_null()) {
            if (required) {
                throw UsageError(fmt::format("\"{}\" is missing", key));
            }
            return "";
        }
        if (!it->is_string()) {
            throw UsageError(fmt::format("\"{}\" must be a string", key));
        }
        return it->get<std::string>();
    };
    auto instant = [&](const char* key, bool required) -> std::optional<Instant> {
        const std::string value = text(key, required);
        if (value.empty()) {
            return std::nullopt;
        }
        const auto t = time::parse_time(value, nullptr, Instant{});
        if (!t || value == "now") {
            throw UsageError(fmt::format("\"{}\" \"{}\" is not an RFC 3339 time such as "
                                         "2026-11-23T08:15:00Z",
                                         key, value));
        }
        return *t;
    };
    Maintenance m;
    if (const std::string id = text("id", false); !id.empty()) {
        const auto number = parse_maintenance_id(id);
        if (!number) {
            throw UsageError(
                fmt::format("\"id\" \"{}\" is not a maintenance id such as MNT-3", id));
        }
        m.id = *number;
    }
    m.service = text("service", true);
    require_catalogued(config, m.service, "\"service\"");
    m.from = *instant("from", true);
    m.to = *instant("to", true);
    if (m.to <= m.from) {
        throw UsageError("\"to\" is not after \"from\"");
    }
    const std::string kind = text("kind", false);
    if (!kind.empty() && kind != "planned" && kind != "emergency") {
        throw UsageError(fmt::format("\"kind\" \"{}\" must be planned or emergency", kind));
    }
    m.emergency = kind == "emergency";
    m.reason = text("reason", false);
    model::check_text("\"reason\"", m.reason, model::k_max_text, true);
    m.recorded_at = instant("recorded_at", false).value_or(m.from);
    m.actor = text("actor", false);
    m.forced = item.value("forced", false);
    m.cancelled_at = instant("cancelled_at", false);
    m.cancelled_by = text("cancelled_by", false);
    return m;
}

} // namespace

long long import_maintenance(store::Store& store, const config::Config& config,
                             std::string_view text, const std::string& source) {
    const auto document = nlohmann::json::parse(text, nullptr, false);
    if (document.is_discarded() || !document.is_array()) {
        throw UsageError(fmt::format("{}: not a JSON array of maintenance windows such as "
                                     "'itsm maintenance list --all --format json' writes; nothing "
                                     "was imported",
                                     source));
    }
    std::vector<Maintenance> items;
    std::set<long long> ids;
    for (std::size_t i = 0; i < document.size(); ++i) {
        try {
            items.push_back(read_item(document[i], config));
        } catch (const UsageError& e) {
            throw UsageError(
                fmt::format("{}: item {}: {}; nothing was imported", source, i + 1, e.what()));
        }
        const long long id = items.back().id;
        if (id > 0 && (find_maintenance(store, id) || !ids.insert(id).second)) {
            throw UsageError(fmt::format("{}: item {}: {} is in the store or the input already; "
                                         "ids are kept on import; nothing was imported",
                                         source, i + 1, maintenance_id(id)));
        }
    }
    store.begin_write();
    for (const auto& m : items) {
        insert_maintenance(store, m);
    }
    store.commit();
    return static_cast<long long>(items.size());
}

} // namespace itsm::availability
