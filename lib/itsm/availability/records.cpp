#include <itsm/availability/records.hpp>

#include <fmt/format.h>

#include <cctype>
#include <charconv>

namespace itsm::availability {

std::optional<Outage> find_outage(store::Store& store, long long ticket) {
    return store.outages().find(ticket);
}

void save_outage(store::Store& store, const Outage& outage) {
    store.outages().save(outage);
}

void move_outage(store::Store& store, long long ticket, const std::string& service) {
    store.outages().move(ticket, service);
}

namespace {

// An instant of an event's detail ("2026-05-01T15:30:00Z"); nullopt for null or not a time.
std::optional<Instant> detail_instant(const nlohmann::json& value) {
    if (!value.is_string()) {
        return std::nullopt;
    }
    const auto t = time::parse_time(value.get<std::string>(), nullptr, Instant{});
    return t ? std::optional<Instant>(*t) : std::nullopt;
}

} // namespace

std::optional<Outage> outage_from_events(const model::Ticket& ticket,
                                         const std::vector<model::Event>& events) {
    std::optional<Outage> o;
    auto ensure = [&] {
        if (!o) {
            o = Outage{ticket.number, ticket.service, ticket.opened_at, std::nullopt, {}};
        }
    };
    for (const auto& e : events) {
        namespace key = model::key;
        const auto& d = e.detail;
        if (e.kind == model::EventKind::logged && d.value(key::outage, false)) {
            ensure();
            o->start = e.at;
        } else if (e.kind == model::EventKind::updated && d.contains(key::changes)) {
            const auto& changes = d[key::changes];
            if (changes.contains(key::outage_start)) {
                ensure();
                o->start =
                    detail_instant(changes[key::outage_start].value(key::to, nlohmann::json()))
                        .value_or(o->start);
            }
            if (changes.contains(key::outage_end)) {
                ensure();
                o->end = detail_instant(changes[key::outage_end].value(key::to, nlohmann::json()));
            }
        }
    }
    if (o) {
        o->resolved_at = ticket.resolved_at;
    }
    return o;
}

void rebuild_outage(store::Store& store, long long ticket) {
    const auto t = store.find_ticket(ticket);
    if (!t) {
        return;
    }
    if (const auto o = outage_from_events(*t, store.events_of(ticket)); o && !o->service.empty()) {
        save_outage(store, *o);
    }
}

std::vector<Outage> outages(store::Store& store, const std::string& service, Instant from,
                            Instant to) {
    return store.outages().overlapping(service, from, to);
}

long long insert_maintenance(store::Store& store, const Maintenance& m) {
    return store.outages().insert_maintenance(m);
}

std::optional<Maintenance> find_maintenance(store::Store& store, long long id) {
    return store.outages().find_maintenance(id);
}

bool cancel_maintenance(store::Store& store, long long id, Instant at, const std::string& actor) {
    return store.outages().cancel_maintenance(id, at, actor);
}

std::vector<Maintenance> maintenance(store::Store& store, const MaintenanceFilter& filter) {
    return store.outages().maintenance(filter);
}

std::string maintenance_id(long long id) {
    return fmt::format("MNT-{}", id);
}

std::optional<long long> parse_maintenance_id(std::string_view text) {
    if (text.size() > 4 && std::toupper(static_cast<unsigned char>(text[0])) == 'M' &&
        std::toupper(static_cast<unsigned char>(text[1])) == 'N' &&
        std::toupper(static_cast<unsigned char>(text[2])) == 'T' && text[3] == '-') {
        text.remove_prefix(4);
    }
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value <= 0) {
        return std::nullopt;
    }
    return value;
}

} // namespace itsm::availability
