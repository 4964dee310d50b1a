// Reading the fields of one [[case]] of a case file: times, names checked against the
// configuration, steps, holds and expectations, each problem reported at its position.
#include <itsm/config/cases_reader.hpp>
#include <itsm/config/suggest.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

namespace itsm::config {

namespace {

constexpr std::array<std::string_view, 6> k_step = {"at", "action",   "group",
                                                    "to", "priority", "service"};
constexpr std::array<std::string_view, 10> k_actions = {"assign", "escalate", "hold",    "resume",
                                                        "note",   "update",   "resolve", "close",
                                                        "reopen", "reply"};
constexpr std::array<std::string_view, 5> k_states = {"running", "paused", "met", "breached",
                                                      "none"};

constexpr std::array k_all_metrics{
    Metric::window,           Metric::response_due,    Metric::resolve_due,
    Metric::response_state,   Metric::resolve_state,   Metric::response_breached,
    Metric::resolve_breached, Metric::response_target, Metric::resolve_target,
    Metric::response_counted, Metric::resolve_counted, Metric::update_due,
    Metric::update_state};

std::vector<std::string> strings(auto&& range) {
    return std::vector<std::string>(range.begin(), range.end());
}

std::string trimmed_lower(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c != ' ' && c != '\t') {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

// The text of a TOML date-time or date, in the form time::parse_time reads.
std::string text_of(const toml::date& d) {
    return fmt::format("{:04}-{:02}-{:02}", unsigned{d.year}, unsigned{d.month}, unsigned{d.day});
}

std::string text_of(const toml::date_time& dt) {
    std::string out =
        text_of(dt.date) + fmt::format("T{:02}:{:02}:{:02}", unsigned{dt.time.hour},
                                       unsigned{dt.time.minute}, unsigned{dt.time.second});
    if (dt.offset) {
        int minutes = dt.offset->minutes;
        out += fmt::format("{}{:02}:{:02}", minutes < 0 ? '-' : '+', std::abs(minutes) / 60,
                           std::abs(minutes) % 60);
    }
    return out;
}

} // namespace

const char* to_string(CaseStep::Action action) {
    return k_actions[static_cast<std::size_t>(action)].data();
}

namespace internal {

std::optional<time::Instant> CaseReader::time(const toml::node& node, std::string_view key) {
    std::string text;
    if (const auto* s = node.as_string()) {
        text = s->get();
    } else if (const auto* dt = node.as_date_time()) {
        text = text_of(dt->get());
    } else if (const auto* d = node.as_date()) {
        text = text_of(d->get());
    } else {
        m_rep.error(pos_of(node), "`" + std::string(key) + "` must be a time, e.g. " +
                                      k_time_example + " (local, in " + m_config.timezone +
                                      ") or \"2026-11-27T17:30:00Z\"; found " +
                                      internal::type_phrase(node));
        return std::nullopt;
    }
    if (trimmed_lower(text) == "now") {
        m_rep.error(pos_of(node), "`" + std::string(key) +
                                      "` = \"now\" would give another answer on every run; "
                                      "write a fixed time, e.g. " +
                                      k_time_example);
        return std::nullopt;
    }
    auto parsed = time::parse_time(text, m_config.zone, time::Instant{});
    if (!parsed) {
        m_rep.error(pos_of(node), "`" + std::string(key) + "`: " + parsed.error());
        return std::nullopt;
    }
    return *parsed;
}

// A name that must exist in the configuration; "" after reporting when it does not.
std::string CaseReader::priority(const toml::node& node) {
    const auto* text = internal::read_string(m_rep, node, "priority", "\"P2\"");
    if (text == nullptr) {
        return {};
    }
    if (m_config.find_priority(*text) == nullptr) {
        std::vector<std::string> ids;
        for (const auto& p : m_config.priorities) {
            ids.push_back(p.id);
        }
        m_rep.error(pos_of(node), "unknown priority `" + *text + "`" + did_you_mean(*text, ids));
        return {};
    }
    return *text;
}

std::string CaseReader::service(const toml::node& node) {
    const auto* text = internal::read_string(m_rep, node, "service", "\"email\"");
    if (text == nullptr) {
        return {};
    }
    if (m_config.find_service(*text) == nullptr) {
        std::vector<std::string> ids;
        for (const auto& [id, s] : m_config.services) {
            ids.push_back(id);
        }
        m_rep.error(pos_of(node),
                    "unknown service `" + *text + "`" +
                        did_you_mean(*text, ids, "; service-windows.toml has no [services]") +
                        " (leave `service` out for a ticket on no catalogued "
                        "service)");
        return {};
    }
    return *text;
}

std::string CaseReader::group(const toml::node& node) {
    const auto* text = internal::read_string(m_rep, node, "group", "\"second-line\"");
    if (text == nullptr) {
        return {};
    }
    if (m_config.find_group(*text) == nullptr) {
        std::vector<std::string> names;
        for (const auto& g : m_config.groups) {
            names.push_back(g.name);
        }
        m_rep.error(pos_of(node), "unknown group `" + *text + "`" + did_you_mean(*text, names));
        return {};
    }
    return *text;
}

std::optional<CaseStep> CaseReader::step(const toml::node& node,
                                         std::optional<time::Instant> logged) {
    const auto* table =
        internal::read_table(m_rep, node, "steps",
                             "{ at = \"2026-11-30 09:00\", action = \"assign\", group = "
                             "\"second-line\", to = \"alice\" }");
    if (table == nullptr) {
        return std::nullopt;
    }
    internal::check_keys(m_rep, *table, k_step, "in a step");
    CaseStep step;
    step.line = pos_of(*table).line;
    bool ok = true;
    const auto* at = table->get("at");
    if (at == nullptr) {
        m_rep.error(pos_of(*table),
                    "a step needs `at`, the time it happened, e.g. at = " + k_time_example);
        ok = false;
    } else if (auto t = time(*at, "at")) {
        step.at = *t;
        if (logged && *t < *logged) {
            m_rep.error(pos_of(*at), "this step is before the ticket is logged; steps happen "
                                     "at or after `logged`");
            ok = false;
        }
    } else {
        ok = false;
    }
    const auto* action_node = table->get("action");
    std::string action;
    if (action_node == nullptr) {
        m_rep.error(pos_of(*table), "a step needs an `action`: " + quoted_list(strings(k_actions)));
        return std::nullopt;
    }
    if (const auto* text = internal::read_string(m_rep, *action_node, "action", "\"assign\"")) {
        action = *text;
    } else {
        return std::nullopt;
    }
    auto found = std::find(k_actions.begin(), k_actions.end(), action);
    if (found == k_actions.end()) {
        m_rep.error(pos_of(*action_node),
                    "unknown action `" + action + "`" + did_you_mean(action, strings(k_actions)));
        return std::nullopt;
    }
    step.action = static_cast<CaseStep::Action>(found - k_actions.begin());
    using A = CaseStep::Action;
    auto allowed = [&](std::string_view key) {
        switch (step.action) {
        case A::assign:
            return key == "group" || key == "to";
        case A::escalate:
            return key == "group";
        case A::update:
            return key == "group" || key == "priority" || key == "service";
        default:
            return false;
        }
    };
    for (std::string_view key : {"group", "to", "priority", "service"}) {
        const auto* value = table->get(key);
        if (value == nullptr) {
            continue;
        }
        if (!allowed(key)) {
            m_rep.error(pos_of(*value),
                        "`" + std::string(key) + "` does not apply to action `" + action + "`");
            ok = false;
            continue;
        }
        std::string text;
        if (key == "group") {
            text = step.group = group(*value);
        } else if (key == "priority") {
            text = step.priority = priority(*value);
        } else if (key == "service") {
            text = step.service = service(*value);
        } else if (const auto* s = internal::read_string(m_rep, *value, "to", "\"alice\"")) {
            text = step.assignee = *s;
            if (s->empty()) {
                m_rep.error(pos_of(*value), "`to` is empty; name a person, or leave it out "
                                            "for an assignment to the group alone");
                text.clear();
            }
        }
        ok = ok && !text.empty();
    }
    if (step.action == A::assign && table->get("group") == nullptr) {
        m_rep.error(pos_of(*table), "action `assign` needs a `group`, e.g. group = "
                                    "\"second-line\"");
        ok = false;
    }
    if (step.action == A::update && table->get("group") == nullptr &&
        table->get("priority") == nullptr && table->get("service") == nullptr) {
        m_rep.error(pos_of(*table), "action `update` changes `priority`, `service` or "
                                    "`group`; give at least one");
        ok = false;
    }
    if (!ok) {
        return std::nullopt;
    }
    return step;
}

// The [[case]] holds: [from, to] pairs (or [from], still on hold), as hold/resume steps.
bool CaseReader::holds(const toml::node& node, std::optional<time::Instant> logged,
                       std::vector<CaseStep>& steps) {
    const auto* array = internal::read_array(m_rep, node, "holds",
                                             "[[\"2026-12-24 17:30\", \"2026-12-26 10:00\"]]");
    if (array == nullptr) {
        return false;
    }
    bool ok = true;
    std::vector<std::pair<time::Instant, std::optional<time::Instant>>> seen;
    for (const auto& element : *array) {
        const auto* pair = element.as_array();
        if (pair == nullptr || pair->empty() || pair->size() > 2) {
            m_rep.error(pos_of(element), "each hold is [FROM, TO] (or [FROM] for a hold not "
                                         "resumed yet), e.g. [\"2026-12-24 17:30\", "
                                         "\"2026-12-26 10:00\"]");
            ok = false;
            continue;
        }
        auto from = time((*pair)[0], "holds");
        std::optional<time::Instant> to;
        if (pair->size() == 2) {
            to = time((*pair)[1], "holds");
            if (!to) {
                ok = false;
                continue;
            }
        }
        if (!from) {
            ok = false;
            continue;
        }
        if (logged && *from < *logged) {
            m_rep.error(pos_of((*pair)[0]), "this hold starts before the ticket is logged");
            ok = false;
            continue;
        }
        if (to && *to <= *from) {
            m_rep.error(pos_of((*pair)[1]), "this hold ends before it starts; write [FROM, TO] "
                                            "with TO after FROM");
            ok = false;
            continue;
        }
        for (const auto& [other_from, other_to] : seen) {
            bool apart = (to && *to <= other_from) || (other_to && *other_to <= *from);
            if (!apart) {
                m_rep.error(pos_of(element), "this hold overlaps another hold of the same case; "
                                             "a ticket on hold cannot be put on hold again");
                ok = false;
            }
        }
        seen.emplace_back(*from, to);
        int line = pos_of(element).line;
        steps.push_back(CaseStep{CaseStep::Action::hold, *from, {}, {}, {}, {}, line});
        if (to) {
            steps.push_back(CaseStep{CaseStep::Action::resume, *to, {}, {}, {}, {}, line});
        }
    }
    return ok;
}

std::optional<CaseValue> CaseReader::expectation(std::string_view key, const toml::node& node) {
    std::optional<Metric> metric;
    std::vector<std::string> keys;
    for (auto m : k_all_metrics) {
        keys.emplace_back(key_of(m));
        if (key == keys.back()) {
            metric = m;
        }
    }
    if (!metric) {
        m_rep.error(pos_of(node),
                    "unknown expectation `" + std::string(key) + "`" + did_you_mean(key, keys));
        return std::nullopt;
    }
    CaseValue v;
    v.metric = *metric;
    Pos pos = pos_of(node);
    v.line = pos.line;
    v.column = pos.column;
    switch (v.metric) {
    case Metric::window: {
        const auto* text = internal::read_string(m_rep, node, key, "\"office\"");
        if (text == nullptr) {
            return std::nullopt;
        }
        if (m_config.find_window(*text) == nullptr) {
            std::vector<std::string> names;
            for (const auto& [name, w] : m_config.windows) {
                names.push_back(name);
            }
            m_rep.error(pos, "unknown window `" + *text + "`" + did_you_mean(*text, names));
            return std::nullopt;
        }
        v.text = *text;
        return v;
    }
    case Metric::response_due:
    case Metric::resolve_due:
    case Metric::update_due:
        if (const auto* s = node.as_string(); s != nullptr && trimmed_lower(s->get()) == "none") {
            return v; // no target, so no due
        }
        if (auto t = time(node, key)) {
            v.instant = *t;
            return v;
        }
        return std::nullopt;
    case Metric::response_state:
    case Metric::resolve_state:
    case Metric::update_state: {
        const auto* text = internal::read_string(m_rep, node, key, "\"met\"");
        if (text == nullptr) {
            return std::nullopt;
        }
        if (std::find(k_states.begin(), k_states.end(), *text) == k_states.end()) {
            m_rep.error(pos,
                        "unknown state `" + *text + "`" + did_you_mean(*text, strings(k_states)));
            return std::nullopt;
        }
        v.text = *text;
        return v;
    }
    case Metric::response_breached:
    case Metric::resolve_breached:
        if (auto flag = internal::read_bool(m_rep, node, key)) {
            v.flag = *flag;
            return v;
        }
        return std::nullopt;
    case Metric::response_target:
    case Metric::resolve_target:
    case Metric::response_counted:
    case Metric::resolve_counted: {
        bool target = v.metric == Metric::response_target || v.metric == Metric::resolve_target;
        if (const auto* s = node.as_string();
            target && s != nullptr && trimmed_lower(s->get()) == "none") {
            return v;
        }
        auto n = internal::read_int(m_rep, node, key, target ? "480" : "30");
        if (!n) {
            return std::nullopt;
        }
        if (*n < (target ? 1 : 0)) {
            m_rep.error(pos, "`" + std::string(key) + "` is a number of minutes, " +
                                 (target ? "at least 1" : "0 or more"));
            return std::nullopt;
        }
        v.minutes = *n;
        return v;
    }
    }
    return std::nullopt;
}

bool CaseReader::ola_expectations(const toml::node& node, std::vector<CaseValue>& out) {
    const auto* groups = internal::read_table(
        m_rep, node, "ola", "expect.ola.second-line = { resolve_state = \"met\" }");
    if (groups == nullptr) {
        return false;
    }
    bool ok = true;
    for (auto&& [name, value] : *groups) {
        const std::string group(name.str());
        const auto* g = m_config.find_group(group);
        if (g == nullptr || g->ola.empty()) {
            std::vector<std::string> names;
            for (const auto& candidate : m_config.groups) {
                if (!candidate.ola.empty()) {
                    names.push_back(candidate.name);
                }
            }
            m_rep.error(pos_of(name), "`" + group + "` in expect.ola is not a group with an OLA" +
                                          did_you_mean(group, names));
            ok = false;
            continue;
        }
        const auto* expected =
            internal::read_table(m_rep, value, group, "{ resolve_due = \"2026-11-30 12:00\" }");
        if (expected == nullptr) {
            ok = false;
            continue;
        }
        for (auto&& [key, one] : *expected) {
            auto v = expectation(key.str(), one);
            if (v && (v->metric == Metric::window || v->metric == Metric::update_due ||
                      v->metric == Metric::update_state)) {
                m_rep.error(pos_of(key), "`" + std::string(key.str()) +
                                             "` is not an OLA expectation; an OLA has response_* "
                                             "and resolve_* ones");
                v.reset();
            }
            if (!v) {
                ok = false;
                continue;
            }
            v->group = group;
            out.push_back(std::move(*v));
        }
    }
    return ok;
}

} // namespace internal

} // namespace itsm::config
