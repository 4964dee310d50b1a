// Running SLA case files: a case's history becomes the events `itsm log`, `assign`, `hold` ...
// would record, sla::evaluate measures them as it measures live tickets, and every expectation
// is compared with what it says.
#include <itsm/sla/cases.hpp>

#include <itsm/core/text.hpp>
#include <itsm/sla/clock.hpp>
#include <itsm/sla/ola.hpp>

#include <algorithm>

namespace itsm::sla {

namespace {

using config::CaseStep;
using config::CaseValue;
using config::Diagnostic;
using config::Metric;
using Json = nlohmann::json;

/// The events of a case, and the problems that kept a step from being recorded.
struct History {
    std::vector<model::Event> events;
    std::vector<Diagnostic> problems;
    time::Instant last;
};

History build(const config::Config& config, const config::Case& c, const std::string& file) {
    History h;
    std::string priority = c.priority.empty() ? config.default_priority : c.priority;
    std::string service = c.service;
    std::string group = c.group;
    if (group.empty()) {
        if (const auto* s = config.find_service(service)) {
            group = s->group;
        }
    }
    using K = model::EventKind;
    namespace key = model::key;
    auto record = [&h](time::Instant at, model::EventKind kind, Json detail) {
        model::Event e;
        e.id = static_cast<long long>(h.events.size()) + 1;
        e.ticket = 1;
        e.at = at;
        e.actor = "case";
        e.kind = kind;
        e.detail = std::move(detail);
        h.events.push_back(std::move(e));
    };
    Json logged = {{key::type, "incident"}, {key::title, c.name}, {key::priority, priority}};
    if (!service.empty()) {
        logged[key::service] = service;
    }
    if (!group.empty()) {
        logged[key::group] = group;
    }
    record(c.logged, K::logged, std::move(logged));
    h.last = c.logged;

    using A = CaseStep::Action;
    for (const auto& step : c.steps) {
        h.last = std::max(h.last, step.at);
        switch (step.action) {
        case A::assign: {
            Json d = {{key::group, step.group}};
            if (!step.assignee.empty()) {
                d[key::assignee] = step.assignee;
            }
            group = step.group;
            record(step.at, K::assigned, std::move(d));
            break;
        }
        case A::escalate: {
            std::string target = step.group;
            if (target.empty()) {
                const auto& path = config.escalation_path;
                const auto at = std::find(path.begin(), path.end(), group);
                if (path.empty() || (at != path.end() && at + 1 == path.end())) {
                    h.problems.push_back(Diagnostic{
                        file, step.line, 0, Diagnostic::Severity::error,
                        path.empty() ? "escalate: no escalation path is configured; give the "
                                       "step a `group`"
                                     : "escalate: the ticket is already with `" + group +
                                           "`, the last tier of the escalation path; give the "
                                           "step a `group`"});
                    continue;
                }
                target = at == path.end() ? path.front() : *(at + 1);
            }
            record(step.at, K::escalated, Json{{key::from, group}, {key::group, target}});
            group = target;
            break;
        }
        case A::hold:
            record(step.at, K::held, Json{{key::reason, "case"}});
            break;
        case A::resume:
            record(step.at, K::resumed, Json::object());
            break;
        case A::note:
            record(step.at, K::noted, Json{{key::text, "case"}});
            break;
        case A::update: {
            Json changes = Json::object();
            auto change = [&changes](const char* field, std::string& current,
                                     const std::string& next) {
                if (!next.empty()) {
                    changes[field] = {{key::from, current}, {key::to, next}};
                    current = next;
                }
            };
            change(key::priority, priority, step.priority);
            change(key::service, service, step.service);
            change(key::group, group, step.group);
            record(step.at, K::updated, Json{{key::changes, std::move(changes)}});
            break;
        }
        case A::resolve:
            record(step.at, K::resolved, Json{{key::resolution, "case"}});
            break;
        case A::close:
            record(step.at, K::closed, Json::object());
            break;
        case A::reopen:
            record(step.at, K::reopened, Json{{key::reason, "case"}});
            break;
        case A::reply:
            record(step.at, K::replied, Json{{key::text, "case"}, {key::is_public, true}});
            break;
        }
    }
    return h;
}

bool is_response(Metric m) {
    return m == Metric::response_due || m == Metric::response_state ||
           m == Metric::response_breached || m == Metric::response_target ||
           m == Metric::response_counted;
}

CaseValue measure(Metric metric, const Evaluation& ev) {
    CaseValue v;
    v.metric = metric;
    const bool update = metric == Metric::update_due || metric == Metric::update_state;
    const Clock& clock = update ? ev.update : is_response(metric) ? ev.response : ev.resolve;
    switch (metric) {
    case Metric::window:
        v.text = ev.window;
        break;
    case Metric::response_due:
    case Metric::resolve_due:
    case Metric::update_due:
        v.instant = clock.due;
        break;
    case Metric::response_state:
    case Metric::resolve_state:
    case Metric::update_state:
        v.text = to_string(clock.state);
        break;
    case Metric::response_breached:
    case Metric::resolve_breached:
        v.flag = clock.breached;
        break;
    case Metric::response_target:
    case Metric::resolve_target:
        if (clock.target) {
            v.minutes = clock.target->count() / 60;
        }
        break;
    case Metric::response_counted:
    case Metric::resolve_counted:
        v.minutes = clock.counted.count() / 60;
        break;
    }
    return v;
}

// A group's OLA clocks in the shape of an evaluation: a clock it does not have is `none`.
Evaluation ola_of(const std::vector<OlaClock>& olas, const std::string& group) {
    Evaluation ev;
    for (const auto& ola : olas) {
        if (ola.group == group) {
            (ola.metric == "response" ? ev.response : ev.resolve) = ola.clock;
        }
    }
    return ev;
}

// "resolve due", or "OLA second-line resolve due".
std::string case_label(const CaseValue& v) {
    const std::string metric = config::label_of(v.metric);
    return v.group.empty() ? metric : "OLA " + v.group + " " + metric;
}

// "resolve_due", or "ola.second-line.resolve_due" (the key as written).
std::string case_key(const CaseValue& v) {
    const std::string key = config::key_of(v.metric);
    return v.group.empty() ? key : "ola." + v.group + "." + key;
}

bool same(const CaseValue& a, const CaseValue& b) {
    switch (a.metric) {
    case Metric::window:
    case Metric::response_state:
    case Metric::resolve_state:
    case Metric::update_state:
        return a.text == b.text;
    case Metric::response_due:
    case Metric::resolve_due:
    case Metric::update_due:
        return a.instant == b.instant;
    case Metric::response_breached:
    case Metric::resolve_breached:
        return a.flag == b.flag;
    default:
        return a.minutes == b.minutes;
    }
}

std::string shown(const CaseValue& v, time::Zone zone) {
    switch (v.metric) {
    case Metric::window:
    case Metric::response_state:
    case Metric::resolve_state:
    case Metric::update_state:
        return v.text;
    case Metric::response_due:
    case Metric::resolve_due:
    case Metric::update_due:
        return v.instant ? time::format_local(*v.instant, zone) : "none";
    case Metric::response_breached:
    case Metric::resolve_breached:
        return v.flag ? "true" : "false";
    default:
        return v.minutes ? std::to_string(*v.minutes) + " minutes" : "none";
    }
}

Json json_of(const CaseValue& v) {
    switch (v.metric) {
    case Metric::window:
    case Metric::response_state:
    case Metric::resolve_state:
    case Metric::update_state:
        return v.text;
    case Metric::response_due:
    case Metric::resolve_due:
    case Metric::update_due:
        return v.instant ? Json(time::format_utc(*v.instant)) : Json(nullptr);
    case Metric::response_breached:
    case Metric::resolve_breached:
        return v.flag;
    default:
        return v.minutes ? Json(*v.minutes) : Json(nullptr);
    }
}

CaseResult run_case(const config::Config& config, const config::Case& c, const std::string& file) {
    CaseResult r;
    r.name = c.name;
    r.line = c.line;
    r.expected = c.expect;
    History h = build(config, c, file);
    r.failures = std::move(h.problems);
    const time::Instant at = c.at.value_or(h.last);
    const Evaluation ev = evaluate(config, h.events, at);
    const auto olas = evaluate_olas(config, h.events, at);
    for (const auto& expected : c.expect) {
        CaseValue actual =
            measure(expected.metric, expected.group.empty() ? ev : ola_of(olas, expected.group));
        actual.group = expected.group;
        if (!same(expected, actual)) {
            r.failures.push_back(
                Diagnostic{file, expected.line, expected.column, Diagnostic::Severity::error,
                           case_label(expected) + " expected " + shown(expected, config.zone) +
                               ", got " + shown(actual, config.zone)});
        }
        r.actual.push_back(std::move(actual));
    }
    r.passed = r.failures.empty();
    return r;
}

std::string not_run(const config::CaseFile& cases) {
    if (!cases.has_errors()) {
        return "cases not run: the configuration has errors\n";
    }
    std::size_t errors = 0;
    for (const auto& d : cases.diagnostics) {
        errors += d.severity == Diagnostic::Severity::error ? 1 : 0;
    }
    return "cases not run: " + cases.file + " has " + core::count_of(errors, "error") + "\n";
}

} // namespace

std::size_t CaseReport::passed() const {
    return static_cast<std::size_t>(std::count_if(results.begin(), results.end(),
                                                  [](const CaseResult& r) { return r.passed; }));
}

std::size_t CaseReport::failed() const {
    return results.size() - passed();
}

CaseReport run_cases(const config::Config& config, const config::CaseFile& cases) {
    CaseReport report;
    report.file = cases.file;
    for (const auto& c : cases.cases) {
        report.results.push_back(run_case(config, c, cases.file));
    }
    return report;
}

std::string render_text(const config::CaseFile& cases, const CaseReport* report) {
    std::string out;
    for (const auto& d : cases.diagnostics) {
        out += config::format(d) + "\n";
    }
    if (report == nullptr) {
        return out + not_run(cases);
    }
    for (const auto& r : report->results) {
        if (r.passed) {
            out += "PASS " + r.name + "\n";
            continue;
        }
        out += "FAIL " + r.name + ":";
        for (std::size_t i = 0; i < r.failures.size(); ++i) {
            out += (i == 0 ? " " : "; ") + r.failures[i].message;
        }
        out += "\n";
    }
    return out + std::to_string(report->passed()) + " passed, " + std::to_string(report->failed()) +
           " failed\n";
}

Json to_json(const CaseReport& report) {
    Json out = Json::array();
    for (const auto& r : report.results) {
        Json expected = Json::object();
        Json actual = Json::object();
        for (std::size_t i = 0; i < r.expected.size(); ++i) {
            const std::string key = case_key(r.expected[i]);
            expected[key] = json_of(r.expected[i]);
            actual[key] = json_of(r.actual[i]);
        }
        Json failures = Json::array();
        for (const auto& f : r.failures) {
            failures.push_back({{"line", f.line}, {"message", f.message}});
        }
        out.push_back({{"name", r.name},
                       {"line", r.line},
                       {"passed", r.passed},
                       {"expected", std::move(expected)},
                       {"actual", std::move(actual)},
                       {"failures", std::move(failures)}});
    }
    return out;
}

std::string render_json(const config::LoadResult& config, const config::CaseFile& cases,
                        const CaseReport* report) {
    Json doc = Json::parse(config::render_json(config));
    for (const auto& d : cases.diagnostics) {
        doc["diagnostics"].push_back(
            {{"file", d.file},
             {"line", d.line},
             {"column", d.column},
             {"severity", d.severity == Diagnostic::Severity::error ? "error" : "warning"},
             {"message", d.message}});
    }
    doc["cases_file"] = cases.file;
    doc["cases"] = report != nullptr ? to_json(*report) : Json::array();
    bool valid = doc["valid"].get<bool>() && !cases.has_errors() &&
                 (report == nullptr || report->failed() == 0);
    doc["valid"] = valid;
    return doc.dump(2) + "\n";
}

std::string render_github(const config::CaseFile& cases, const CaseReport* report) {
    config::LoadResult annotations; // an empty folder: the case file path is used as given
    annotations.diagnostics = cases.diagnostics;
    if (report != nullptr) {
        for (const auto& r : report->results) {
            for (auto d : r.failures) {
                d.message = "case \"" + r.name + "\": " + d.message;
                annotations.diagnostics.push_back(std::move(d));
            }
        }
    }
    std::string out = config::render_github(annotations);
    if (report == nullptr) {
        return out + not_run(cases);
    }
    return out + std::to_string(report->passed()) + " passed, " + std::to_string(report->failed()) +
           " failed\n";
}

} // namespace itsm::sla
