#include <itsm/availability/records.hpp>
#include <itsm/core/error.hpp>
#include <itsm/desk/outage.hpp>
#include <itsm/desk/view.hpp>

#include <fmt/format.h>

namespace itsm::desk::internal {

using nlohmann::json;
namespace key = model::key;

void check_outage(const config::Config& config, const Ticket& t, std::string_view option) {
    if (t.type != model::Type::incident) {
        const std::string which = t.number != 0 ? display_id(config, t) : std::string("the ticket");
        throw UsageError(fmt::format("{} is for incidents: a service down is an incident, and "
                                     "{} is a {}",
                                     option, which, model::to_string(t.type)));
    }
    if (t.service.empty()) {
        throw UsageError(
            fmt::format("{} needs the service that is down: give --service S", option));
    }
}

void change_outage(store::Store& store, const config::Config& config, const Ticket& t,
                   const UpdateRequest& r, json& changes) {
    auto old = availability::find_outage(store, t.number);
    if (!r.outage_start && !r.outage_end) {
        if (old && old->service != t.service) {
            availability::move_outage(store, t.number, t.service);
        }
        return;
    }
    check_outage(config, t, r.outage_start ? "--outage-start" : "--outage-end");
    availability::Outage o =
        old ? *old : availability::Outage{t.number, t.service, t.opened_at, std::nullopt, {}};
    o.service = t.service;
    o.start = r.outage_start.value_or(o.start);
    if (r.outage_end) {
        o.end = r.outage_end;
    }
    if (o.end && *o.end <= o.start) {
        throw UsageError(fmt::format("the outage would end ({}) before it starts ({}); give an "
                                     "--outage-end after --outage-start",
                                     time::format_utc(*o.end), time::format_utc(o.start)));
    }
    if (!old || old->start != o.start) {
        changes[key::outage_start] = {
            {key::from, old ? json(time::format_utc(old->start)) : json(nullptr)},
            {key::to, time::format_utc(o.start)}};
    }
    if (!old || old->end != o.end) {
        changes[key::outage_end] = {{key::from, old ? instant_or_null(old->end) : json(nullptr)},
                                    {key::to, instant_or_null(o.end)}};
    }
    availability::save_outage(store, o);
}

} // namespace itsm::desk::internal
