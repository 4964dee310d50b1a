#pragma once
// A ticket as shown: its state, SLA evaluation, links and history, and its JSON shape
// (docs/json.md).

#include <itsm/availability/records.hpp>
#include <itsm/config/config.hpp>
#include <itsm/desk/policy_drift.hpp>
#include <itsm/model/ticket.hpp>
#include <itsm/sla/clock.hpp>
#include <itsm/sla/ola.hpp>
#include <itsm/store/store.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace itsm::render {
class JsonWriter;
}

namespace itsm::desk {

struct LinkView {
    std::string id;       // "PRB-3"
    std::string relation; // "problem"
};

struct TicketView {
    model::Ticket ticket;
    std::string id;
    sla::Evaluation sla;
    std::vector<LinkView> links;
    std::vector<model::Event> events;           // oldest first
    std::optional<availability::Outage> outage; // the service outage this incident records
    std::optional<PolicyUse> policy;            // the terms it is measured by
    std::vector<sla::OlaClock> olas; // the groups' OLA clocks; filled by `show` (with_olas)
};

/// A problem's or change's linked incidents ("INC-1", ...); empty for other records.
std::vector<std::string> incidents_of(const TicketView& view);

/// Everything `show` needs about one ticket, evaluated at `at`.
TicketView view(store::Store& store, const config::Config& config, const model::Ticket& ticket,
                time::Instant at, const sla::Options& options);

/// The ticket's OLA clocks at `at` into `view.olas` (`show`; docs/sla.md, "OLAs").
void with_olas(TicketView& view, const config::Config& config, time::Instant at,
               const sla::Options& options);

/// An instant as RFC 3339 UTC text, or null.
nlohmann::json instant_or_null(const std::optional<time::Instant>& t);

/// Writes the ticket object of docs/json.md; `events` and clock ledgers are included when
/// asked. Written member by member: `list` writes thousands without a document tree.
void write_json(render::JsonWriter& w, const TicketView& view, bool with_events, bool with_ledger);

/// The same object as a document, for a command that adds to it (`show`); with the OLA clocks
/// as "olas" when `with_olas`.
nlohmann::json to_json(const TicketView& view, bool with_events, bool with_ledger,
                       bool with_olas = false);

/// Human-readable `show` output; instants in `zone`.
std::string to_text(const TicketView& view, time::Zone zone, bool explain);

} // namespace itsm::desk
