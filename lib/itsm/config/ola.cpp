// A group's operational level agreement in itsm.toml (docs/configuration.md, docs/sla.md):
//   ola = { response = "30m", resolve = "4h" }        for every priority
//   ola.P1 = { response = "15m", resolve = "2h" }     for one priority, replacing the above
// The texts are read here; priorities and durations are checked once every file is read
// (validate.cpp), as a priority's own targets are.
#include <itsm/config/draft.hpp>

#include <algorithm>
#include <array>

namespace itsm::config {

const OlaTargets* Group::ola_for(std::string_view priority) const {
    // A few entries at most, compared without building a key: sla-check asks for every ticket.
    const OlaTargets* every = nullptr;
    for (const auto& [id, targets] : ola) {
        if (id == priority) {
            return &targets;
        }
        every = id.empty() ? &targets : every;
    }
    return every;
}

} // namespace itsm::config

namespace itsm::config::internal {

namespace {

constexpr std::array<std::string_view, 2> k_ola_targets = {"response", "resolve"};

// `response = "..."` or `resolve = "..."` of an OLA entry into `targets` and `where`.
void read_ola_target(Reporter& rep, std::string_view key, const toml::node& node,
                     OlaTargets& targets, OlaPos& where) {
    const auto* text = read_string(rep, node, key, key == "response" ? "\"30m\"" : "\"4h\"");
    if (text == nullptr) {
        return;
    }
    if (text->empty()) {
        rep.error(pos_of(node), "OLA `" + std::string(key) +
                                    "` is empty; give a duration, e.g. \"4h\", or leave it out");
        return;
    }
    (key == "response" ? targets.response_text : targets.resolve_text) = *text;
    (key == "response" ? where.response : where.resolve) = pos_of(node);
}

} // namespace

void read_ola(Reporter& rep, const toml::node& node, Group& group, std::vector<OlaPos>& where) {
    const auto* table =
        read_table(rep, node, "ola", "ola = { response = \"30m\", resolve = \"4h\" }");
    if (table == nullptr) {
        return;
    }
    OlaTargets every;
    OlaPos every_pos{"", pos_of(node), {}, {}};
    for (auto&& [key, value] : *table) {
        const std::string_view name = key.str();
        if (std::find(k_ola_targets.begin(), k_ola_targets.end(), name) != k_ola_targets.end()) {
            read_ola_target(rep, name, value, every, every_pos);
            continue;
        }
        // Any other key names a priority, whose own targets are a table.
        const auto* own = value.as_table();
        if (own == nullptr) {
            rep.error(pos_of(key), "`" + std::string(name) + "` in the ola of group `" +
                                       group.name +
                                       "` must be `response`, `resolve` or a priority's table, "
                                       "e.g. ola.P1 = { response = \"15m\", resolve = \"2h\" }");
            continue;
        }
        check_keys(rep, *own, k_ola_targets, "in the ola of group `" + group.name + "`");
        OlaTargets targets;
        OlaPos pos{std::string(name), pos_of(key), {}, {}};
        for (const auto target : k_ola_targets) {
            if (const auto* text = own->get(target)) {
                read_ola_target(rep, target, *text, targets, pos);
            }
        }
        if (targets.response_text.empty() && targets.resolve_text.empty()) {
            rep.error(pos_of(key), "the ola of group `" + group.name + "` for `" +
                                       std::string(name) +
                                       "` has no target; give response, resolve or both");
            continue;
        }
        group.ola[pos.priority] = std::move(targets);
        where.push_back(std::move(pos));
    }
    if (!every.response_text.empty() || !every.resolve_text.empty()) {
        group.ola[""] = std::move(every);
        where.push_back(std::move(every_pos));
    } else if (table->empty()) {
        rep.error(pos_of(node), "the ola of group `" + group.name +
                                    "` is empty; give targets, e.g. ola = { response = \"30m\", "
                                    "resolve = \"4h\" }");
    }
}

} // namespace itsm::config::internal
