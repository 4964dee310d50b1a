#pragma once
// SLA case files: expectations an organisation writes about its own policy ("a P2 on e-mail
// logged Friday 17:30 is due for response Saturday 09:30"), read with file:line:column
// diagnostics and checked against the names of a configuration (docs/ci.md). Running them is
// sla::run_cases, with the same engine as live tickets.

#include <itsm/config/config.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace itsm::config {

/// One thing done to a case's ticket after logging, named like the command that does it.
struct CaseStep {
    enum class Action {
        assign,
        escalate,
        hold,
        resume,
        note,
        update,
        resolve,
        close,
        reopen,
        reply
    };
    Action action = Action::note;
    time::Instant at;
    std::string group;    // assign (required), escalate (optional: next tier), update
    std::string assignee; // assign: `to`, a person (an action of support)
    std::string priority; // update
    std::string service;  // update
    int line = 0;
};

/// "assign", "escalate", ...
const char* to_string(CaseStep::Action action);

/// What an expectation measures.
enum class Metric {
    window,
    response_due,
    resolve_due,
    response_state,
    resolve_state,
    response_breached,
    resolve_breached,
    response_target,
    resolve_target,
    response_counted,
    resolve_counted,
    update_due,
    update_state,
};

/// "resolve_due", ... as written in the file (targets and counts end in `_minutes`).
const char* key_of(Metric metric);
/// "resolve due", ... for messages.
const char* label_of(Metric metric);

/// One expected (or measured) value; which member holds it depends on the metric.
struct CaseValue {
    Metric metric = Metric::window;
    std::optional<time::Instant> instant; // *_due; nullopt = "none" (no target)
    std::string text;                     // window, *_state
    bool flag = false;                    // *_breached
    std::optional<long long> minutes;     // *_target_minutes (nullopt = none), *_counted_minutes
    int line = 0;                         // where it was written (expectations only)
    int column = 0;
    std::string group; // "" = the ticket's SLA clocks; else that group's OLA (expect.ola.GROUP)
};

/// One case: a ticket's history and what its clocks must say.
struct Case {
    std::string name;
    int line = 0;         // of its `name`, else of the [[case]] table
    std::string priority; // "" = the default priority
    std::string service;  // "" = none
    std::string group;    // group at logging; "" = the service's group
    time::Instant logged;
    std::optional<time::Instant> at; // evaluation time; default: the last step (or logging)
    std::vector<CaseStep> steps;     // in time order, holds included
    std::vector<CaseValue> expect;   // in file order
};

/// A parsed case file. Diagnostics name `file` as it was given.
struct CaseFile {
    std::string file;
    std::vector<Case> cases;
    std::vector<Diagnostic> diagnostics;
    bool has_errors() const;
};

/// Parses a case file's text; names (priorities, services, groups, windows) are checked
/// against `config`, and local times are read in its timezone. Never throws for content
/// problems: they are diagnostics. With `strict`, warnings are errors.
CaseFile parse_cases(std::string_view text, std::string_view file, const Config& config,
                     bool strict = false);

/// Reads and parses the case file at `path`; an unreadable file is one diagnostic.
CaseFile read_cases(const std::filesystem::path& path, const Config& config, bool strict = false);

} // namespace itsm::config
