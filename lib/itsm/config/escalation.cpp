// itsm.toml [escalation]: the functional path, the hierarchical chain, and which breaches climb
// the chain automatically.
#include <itsm/config/draft.hpp>

#include <algorithm>
#include <array>

namespace itsm::config::internal {

namespace {

constexpr std::array<std::string_view, 3> k_escalation = {"path", "chain", "on_breach"};
constexpr std::array<std::string_view, 2> k_chain = {"name", "email"};

void read_chain_level(Reporter& rep, Config& config, const toml::node& node) {
    const auto* table = read_table(rep, node, "chain",
                                   "{ name = \"Help Desk Manager\", email = \"hdm@example.org\" }");
    if (table == nullptr) {
        return;
    }
    check_keys(rep, *table, k_chain, "in an [escalation] chain level");
    ChainLevel level;
    if (const auto* name = table->get("name")) {
        if (const auto* text = read_string(rep, *name, "name", "\"Help Desk Manager\"")) {
            level.name = *text;
            check_name(rep, pos_of(*name), "chain level name", *text);
        }
    }
    if (level.name.empty()) {
        rep.error(pos_of(*table), "a chain level needs a `name`, e.g. { name = \"Help Desk "
                                  "Manager\", email = \"hdm@example.org\" }");
    }
    if (const auto* email = table->get("email")) {
        read_email(rep, *email, "email", level.email);
    }
    config.chain.push_back(std::move(level));
}

} // namespace

void read_escalation(Draft& draft, Reporter& rep, const toml::node& node) {
    const auto* table =
        read_table(rep, node, "escalation", "[escalation] path = [\"helpdesk\", \"second-line\"]");
    if (table == nullptr) {
        return;
    }
    draft.escalation_pos = pos_of(*table);
    check_keys(rep, *table, k_escalation, "in [escalation]");
    if (const auto* path = table->get("path")) {
        draft.escalation_path =
            read_string_list(rep, *path, "path", "[\"helpdesk\", \"second-line\"]");
    }
    if (const auto* chain = table->get("chain")) {
        if (const auto* array = read_array(rep, *chain, "chain",
                                           "[{ name = \"Help Desk Manager\", email = \"...\" }]")) {
            for (const auto& level : *array) {
                read_chain_level(rep, draft.config, level);
            }
        }
    }
    if (const auto* on_breach = table->get("on_breach")) {
        draft.on_breach = read_string_list(rep, *on_breach, "on_breach", "[\"resolve\"]");
    }
}

void check_on_breach(Draft& draft, Reporter& rep) {
    if (!draft.on_breach) {
        return;
    }
    Config& config = draft.config;
    for (const auto& clock : *draft.on_breach) {
        if (clock.value != "response" && clock.value != "resolve") {
            rep.error(clock.pos, "unknown clock `" + clock.value +
                                     "` in [escalation] on_breach; the clocks are `response` "
                                     "and `resolve`");
        } else if (std::find(config.on_breach.begin(), config.on_breach.end(), clock.value) ==
                   config.on_breach.end()) {
            config.on_breach.push_back(clock.value);
        }
    }
    if (!config.on_breach.empty() && config.chain.empty()) {
        rep.warning(draft.escalation_pos, "[escalation] on_breach is set but there is no chain "
                                          "to climb; add chain = [{ name = ..., email = ... }]");
    }
}

} // namespace itsm::config::internal
