#include <itsm/desk/desk.hpp>
#include <itsm/desk/policy_drift.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace itsm::desk {

std::optional<PolicyUse> policy_use(const config::Config& config,
                                    const std::vector<model::Event>& events) {
    if (events.empty() || events.front().kind != model::EventKind::logged) {
        return std::nullopt;
    }
    const auto& logged = events.front();
    const auto* version = config.policy_version_at(logged.at);
    PolicyUse use;
    use.recorded = model::detail_text(logged.detail, model::key::policy);
    use.measured_by = version == nullptr ? config.policy : version->hash;
    use.version = version == nullptr ? std::string() : version->folder;
    use.logged = logged.at;
    return use;
}

std::string describe(const PolicyUse& use) {
    std::string out =
        fmt::format("{} ({})", use.measured_by,
                    use.version.empty() ? std::string("the top-level files") : use.version);
    if (use.changed()) {
        out += fmt::format("; logged under {}, changed since", use.recorded);
    }
    return out;
}

void DriftTally::add(const std::vector<model::Event>& events, const std::string& id) {
    const auto use = policy_use(m_config, events);
    if (!use || !use->changed()) {
        return;
    }
    auto& d = m_drift[{use->recorded, use->measured_by}];
    if (d.tickets == 0) {
        d.recorded = use->recorded;
        d.in_force = use->measured_by;
        d.folder = use->version;
        d.first = id;
        d.from = use->logged;
    }
    ++d.tickets;
    d.last = id;
    d.to = std::max(d.to, use->logged);
    if (use->logged < d.from) {
        d.from = use->logged;
        d.first = id;
    }
}

std::vector<PolicyDrift> DriftTally::result() const {
    std::vector<PolicyDrift> out;
    for (const auto& [key, d] : m_drift) {
        out.push_back(d);
    }
    std::sort(out.begin(), out.end(),
              [](const PolicyDrift& a, const PolicyDrift& b) { return a.from < b.from; });
    return out;
}

std::vector<PolicyDrift> policy_drift(store::Store& store, const config::Config& config) {
    DriftTally tally(config);
    store.for_each_with_events(
        {}, store::Part::head,
        [&](const model::Ticket& t, const std::vector<model::Event>& events) {
            tally.add(events, display_id(config, t));
        });
    return tally.result();
}

std::string describe(const PolicyDrift& d, time::Zone zone) {
    const std::string which = d.folder.empty() ? "the top-level files" : "the files of " + d.folder;
    const std::string tickets =
        d.tickets == 1
            ? fmt::format("1 ticket ({}), logged {},", d.first, time::format_local(d.from, zone))
            : fmt::format("{} tickets ({} to {}), logged {} to {},", d.tickets, d.first, d.last,
                          time::format_local(d.from, zone), time::format_local(d.to, zone));
    return fmt::format("{} measured by policy {} when logged; the terms in force then are now {} "
                       "({}), so their clocks and reports change: restore those files, or make "
                       "the change in a dated folder policies/YYYY-MM-DD/",
                       tickets, d.recorded, d.in_force, which);
}

} // namespace itsm::desk
