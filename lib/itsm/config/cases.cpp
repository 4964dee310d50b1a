// SLA case files (docs/ci.md): [[case]] tables, each a ticket's history (logged, holds, steps)
// and what its clocks must say, read with the same diagnostics as the configuration files.
#include <itsm/config/cases.hpp>
#include <itsm/config/cases_reader.hpp>
#include <itsm/config/read_file.hpp>
#include <itsm/config/suggest.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>

namespace itsm::config {

namespace {

using internal::CaseReader;
using internal::k_time_example;
using internal::Pos;
using internal::pos_of;
using internal::Reporter;

constexpr std::array<std::string_view, 1> k_top_cases = {"case"};
constexpr std::array<std::string_view, 9> k_case = {
    "name", "priority", "service", "group", "logged", "at", "holds", "steps", "expect"};

struct MetricName {
    Metric metric;
    const char* key;
    const char* label;
};

constexpr std::array k_metrics{
    MetricName{Metric::window, "window", "window"},
    MetricName{Metric::response_due, "response_due", "response due"},
    MetricName{Metric::resolve_due, "resolve_due", "resolve due"},
    MetricName{Metric::response_state, "response_state", "response state"},
    MetricName{Metric::resolve_state, "resolve_state", "resolve state"},
    MetricName{Metric::response_breached, "response_breached", "response breached"},
    MetricName{Metric::resolve_breached, "resolve_breached", "resolve breached"},
    MetricName{Metric::response_target, "response_target_minutes", "response target"},
    MetricName{Metric::resolve_target, "resolve_target_minutes", "resolve target"},
    MetricName{Metric::response_counted, "response_counted_minutes", "response counted"},
    MetricName{Metric::resolve_counted, "resolve_counted_minutes", "resolve counted"},
    MetricName{Metric::update_due, "update_due", "update due"},
    MetricName{Metric::update_state, "update_state", "update state"},
};

void read_case(Reporter& rep, const Config& config, const toml::node& node, CaseFile& out,
               std::map<std::string, int>& names) {
    const auto* table =
        internal::read_table(rep, node, "case", "[[case]] name = \"P2 logged Friday evening\"");
    if (table == nullptr) {
        return;
    }
    internal::check_keys(rep, *table, k_case, "in [[case]]");
    CaseReader read(rep, config);
    Case c;
    c.line = pos_of(*table).line;
    bool ok = true;
    if (const auto* name = table->get("name")) {
        if (const auto* text = internal::read_string(rep, *name, "name", "\"P2 on Friday\"")) {
            c.name = *text;
            c.line = pos_of(*name).line;
            if (text->empty()) {
                rep.error(pos_of(*name), "case `name` is empty; say what the case shows, e.g. "
                                         "\"P2 logged Friday evening\"");
                ok = false;
            } else if (auto [it, fresh] = names.emplace(*text, c.line); !fresh) {
                rep.error(pos_of(*name), "case \"" + *text + "\" is defined twice (first at line " +
                                             std::to_string(it->second) +
                                             "); give each case its own name");
                ok = false;
            }
        } else {
            ok = false;
        }
    } else {
        rep.error(pos_of(*table), "[[case]] has no `name`; add one, e.g. name = \"P2 logged "
                                  "Friday evening\"");
        ok = false;
    }
    if (const auto* priority = table->get("priority")) {
        c.priority = read.priority(*priority);
        ok = ok && !c.priority.empty();
    }
    if (const auto* service = table->get("service")) {
        c.service = read.service(*service);
        ok = ok && !c.service.empty();
    }
    if (const auto* group = table->get("group")) {
        c.group = read.group(*group);
        ok = ok && !c.group.empty();
    }
    std::optional<time::Instant> logged;
    if (const auto* node_logged = table->get("logged")) {
        logged = read.time(*node_logged, "logged");
        ok = ok && logged.has_value();
    } else {
        rep.error(pos_of(*table), "[[case]] has no `logged`, the time the ticket was logged; add "
                                  "e.g. logged = " +
                                      k_time_example);
        ok = false;
    }
    if (const auto* holds = table->get("holds")) {
        ok = read.holds(*holds, logged, c.steps) && ok;
    }
    if (const auto* steps = table->get("steps")) {
        if (const auto* array = internal::read_array(rep, *steps, "steps",
                                                     "[{ at = \"2026-11-30 09:00\", action = "
                                                     "\"note\" }]")) {
            for (const auto& element : *array) {
                if (auto step = read.step(element, logged)) {
                    c.steps.push_back(std::move(*step));
                } else {
                    ok = false;
                }
            }
        } else {
            ok = false;
        }
    }
    std::stable_sort(c.steps.begin(), c.steps.end(),
                     [](const CaseStep& a, const CaseStep& b) { return a.at < b.at; });
    if (const auto* at = table->get("at")) {
        c.at = read.time(*at, "at");
        ok = ok && c.at.has_value();
        if (c.at && logged && *c.at < *logged) {
            rep.error(pos_of(*at), "`at` is before the ticket is logged; evaluate at or after "
                                   "`logged`");
            ok = false;
        } else if (c.at && !c.steps.empty() && c.steps.back().at > *c.at) {
            rep.warning(pos_of(*at), "`at` is before the step at line " +
                                         std::to_string(c.steps.back().line) +
                                         ", so that step is not taken into account");
        }
    }
    if (const auto* expect = table->get("expect")) {
        if (const auto* expected = internal::read_table(
                rep, *expect, "expect", "[case.expect] resolve_due = \"2026-11-30 08:30\"")) {
            for (auto&& [key, value] : *expected) {
                if (key.str() == "ola") {
                    ok = read.ola_expectations(value, c.expect) && ok;
                } else if (auto v = read.expectation(key.str(), value)) {
                    c.expect.push_back(std::move(*v));
                } else {
                    ok = false;
                }
            }
            if (expected->empty()) {
                rep.error(pos_of(*expect), "`expect` is empty; give at least one expectation, "
                                           "e.g. resolve_due = \"2026-11-30 08:30\"");
                ok = false;
            }
        } else {
            ok = false;
        }
    } else {
        rep.error(pos_of(*table), "[[case]] has no `expect`; add what the clocks must say, e.g. "
                                  "expect.resolve_due = \"2026-11-30 08:30\"");
        ok = false;
    }
    std::sort(c.expect.begin(), c.expect.end(), [](const CaseValue& a, const CaseValue& b) {
        return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    if (ok && logged) {
        c.logged = *logged;
        out.cases.push_back(std::move(c));
    }
}

} // namespace

const char* key_of(Metric metric) {
    return k_metrics[static_cast<std::size_t>(metric)].key;
}

const char* label_of(Metric metric) {
    return k_metrics[static_cast<std::size_t>(metric)].label;
}

bool CaseFile::has_errors() const {
    return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
        return d.severity == Diagnostic::Severity::error;
    });
}

CaseFile parse_cases(std::string_view text, std::string_view file, const Config& config,
                     bool strict) {
    CaseFile out;
    out.file = std::string(file);
    Reporter rep(out.diagnostics, file);
    const std::optional<toml::table> root = internal::parse_toml(rep, text);
    if (!root) {
        return out;
    }
    internal::check_keys(rep, *root, k_top_cases,
                         "at the top of a case file (cases are [[case]] tables)");
    std::map<std::string, int> names;
    if (const auto* cases = root->get("case")) {
        if (const auto* array =
                internal::read_array(rep, *cases, "case", "[[case]] name = \"P2 on Friday\"")) {
            for (const auto& element : *array) {
                read_case(rep, config, element, out, names);
            }
        }
    } else {
        rep.error(Pos{1, 1}, "no cases: a case file holds [[case]] tables, e.g. [[case]] name = "
                             "\"P2 logged Friday evening\"");
    }
    if (strict) {
        internal::promote_warnings(out.diagnostics);
    }
    std::stable_sort(out.diagnostics.begin(), out.diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                         return std::pair(a.line, a.column) < std::pair(b.line, b.column);
                     });
    return out;
}

CaseFile read_cases(const std::filesystem::path& path, const Config& config, bool strict) {
    const auto content = read_file(path);
    if (!content) {
        CaseFile out;
        out.file = path.string();
        out.diagnostics.push_back(Diagnostic{out.file, 0, 0, Diagnostic::Severity::error,
                                             "cannot read " + out.file + ": " + content.error()});
        return out;
    }
    return parse_cases(*content, path.string(), config, strict);
}

} // namespace itsm::config
