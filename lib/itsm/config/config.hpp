#pragma once
// The validated configuration: itsm.toml, priorities.toml, service-windows.toml
// (docs/configuration.md).

#include <itsm/calendar/window.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace itsm::config {

/// A priority of priorities.toml; order in Config::priorities is rank, highest first.
struct Priority {
    std::string id;
    std::string name;
    std::string description;
    std::optional<time::Duration> response; // working time on the ticket's window
    std::optional<time::Duration> resolve;
    std::string response_text; // as written, for `config show`
    std::string resolve_text;
    // The update promise (docs/sla.md): the customer hears from the desk within this working
    // time of the last public contact while the ticket is open; "" = no promise.
    std::optional<time::Duration> update;
    std::string update_text;
    std::string window; // optional override, "" when unset
    // The record types its targets apply to; a ticket of another type (a problem, a change, an
    // interaction by default) has no response or resolve target.
    std::vector<std::string> types = {"incident", "request"};

    /// True when a ticket of `type` is measured against this priority's targets.
    bool measures(std::string_view type) const;
};

/// A named holiday calendar: `[calendars.NAME]` in service-windows.toml, or the file
/// `calendars/NAME.toml` beside it (what `itsm calendar import` writes). Every window that lists
/// it in `calendars` is closed on its dates (docs/working-time.md).
struct Calendar {
    std::string name;
    std::string file;   // where it is defined, relative to the configuration folder
    std::string source; // the feed it was imported from; "" when written by hand
    std::vector<calendar::Holiday> dates; // sorted, rules expanded; year 0 = every year
    std::map<calendar::Holiday, std::string> names;
    std::vector<std::string> rules;   // yearly rules as written: "easter+1", "last-mon-may"
    std::vector<std::string> windows; // the windows that list it
};

/// A catalogued service of service-windows.toml.
struct Service {
    std::string id;
    std::string name;
    std::string window;                 // "" = default window
    std::string group;                  // default assignment group, "" when unset
    std::optional<double> availability; // target percentage, e.g. 98.0
    std::string category;
    std::string site;
};

/// A group's operational level agreement (OLA) for one priority, or for every priority: its own
/// response and resolve targets while a ticket is in the group (docs/sla.md, "OLAs"), written
/// as a priority's targets are ("30m", "1d", "2d by-date").
struct OlaTargets {
    std::string response_text; // as written; "" = no OLA response target
    std::string resolve_text;
    std::optional<time::Duration> response; // nominal, on the window that validation read it on
    std::optional<time::Duration> resolve;
};

/// An assignment group of itsm.toml.
struct Group {
    std::string name;
    int tier = 0; // 0 = not on a tier
    std::string email;
    bool external = false; // an outside supplier
    bool pause_sla = false;
    // Automatic tier escalation (`sla-check --escalate`), working time since the ticket entered
    // the group: still unanswered there after auto_escalate_after, or still not resolved after
    // auto_escalate_unresolved_after.
    std::optional<time::Duration> auto_escalate_after;
    std::string auto_escalate_text; // as written, for `config show`; "" when unset
    std::optional<time::Duration> auto_escalate_unresolved_after;
    std::string auto_escalate_unresolved_text;
    // OLA targets by priority id; "" holds those for every priority (`ola = { ... }`), which a
    // priority's own table (`ola.P1 = { ... }`) replaces whole.
    std::map<std::string, OlaTargets> ola;

    /// The OLA targets for tickets of `priority`; nullptr when the group has none for it.
    const OlaTargets* ola_for(std::string_view priority) const;
};

/// One level of the hierarchical (management) escalation chain.
struct ChainLevel {
    std::string name; // "Help Desk Manager"
    std::string email;
};

/// The contacts of an organisation ([notify.orgs.NAME]): e.g. its ICT unit, and its
/// Accounting Officer in copy.
struct OrgContacts {
    std::vector<std::string> to;
    std::vector<std::string> cc;
};

/// Mail notification settings ([notify] in itsm.toml).
struct Notify {
    std::vector<std::string> command; // sendmail-compatible argv; empty = not configured
    std::string spool;                // folder for .eml files; "" = not configured
    std::string sender;
    std::vector<std::string> events; // which events notify
    // event -> who: roles ("requester", "group", "org", "chain") or e-mail addresses; an event
    // not named here has its default recipients (notify_default_recipients)
    std::map<std::string, std::vector<std::string>> recipients;
    std::map<std::string, OrgContacts> orgs;   // ticket's org -> its contacts
    std::map<std::string, std::string> agents; // assignee name -> e-mail ([notify.agents])
    // event -> the text of notify/EVENT.txt, read with the configuration (never inside a
    // change's transaction); an event not here has the built-in message
    std::map<std::string, std::string> templates;

    /// True when messages are sent (a command) or kept (a spool folder).
    bool enabled() const { return !command.empty() || !spool.empty(); }
    /// True when `event` is one that sends mail.
    bool wants(std::string_view event) const;
};

/// Incoming mail ([mail] in itsm.toml, docs/mail.md): the desk's addresses, which record
/// type each logs, and what `mail-in` answers and keeps.
struct MailIn {
    std::vector<std::string> addresses;       // the desk's own addresses, lower case
    std::map<std::string, std::string> types; // recipient address (lower case) -> record type
    std::string default_type = "incident";
    std::map<std::string, std::string> domains; // sender's domain -> organisation
    int reopen_days = 10;                       // a reply reopens a resolved ticket this long
    long long max_size = 25LL * 1024 * 1024;    // bytes; a larger message is not taken
    std::string quarantine;                     // folder; "" = "quarantine" beside the store
    bool acknowledge = true;                    // answer a new conversation (the logged notice)
    int acknowledgements_per_hour = 5;          // per sender
};

/// How much notice maintenance needs ([maintenance] in itsm.toml): wall-clock time from when
/// it is recorded to its start.
struct MaintenancePolicy {
    time::Duration notice{48 * 3600};          // planned closures
    time::Duration emergency_notice{1 * 3600}; // emergency closures
    std::string notice_text = "48h";           // as written, for `config show`
    std::string emergency_notice_text = "1h";
};

/// The knowledge base ([knowledge] in itsm.toml): the Snowball languages its full-text index
/// stems words in (docs/knowledge.md).
struct Knowledge {
    std::vector<std::string> languages{"english"};
};

struct Config;

/// One version of the desk's terms (docs/configuration.md, "Policy versions"): the top-level
/// files are the first, in force from the beginning; each folder `policies/YYYY-MM-DD/` lays its
/// files over the version before it from local midnight of that date in the desk's timezone.
struct PolicyVersion {
    std::optional<std::chrono::year_month_day> effective; // none for the top-level files
    time::Instant from{};                                 // when it takes effect
    std::string folder;                                   // "policies/2027-01-01"; "" at the top
    std::string hash;                                     // policy_hash of its terms
    std::shared_ptr<const Config> config;
};

/// The whole effective configuration.
struct Config {
    std::filesystem::path dir;      // where it was loaded from
    std::vector<std::string> files; // files that existed and were read
    std::string timezone;           // report day boundaries and local input
    time::Zone zone = nullptr;
    std::string store_path; // "" = not set in itsm.toml

    std::map<std::string, std::string> prefixes{{"incident", "INC"},
                                                {"request", "REQ"},
                                                {"problem", "PRB"},
                                                {"change", "CHG"},
                                                {"interaction", "INT"}};

    std::string default_window;
    std::map<std::string, calendar::Window> windows;
    // window -> holiday -> name, for holidays written as { date = "...", name = "..." }
    std::map<std::string, std::map<calendar::Holiday, std::string>> holiday_names;
    std::map<std::string, Calendar> calendars; // by name
    std::map<std::string, Service> services;
    // Tickets may name a service outside the catalogue; by default only when there is no
    // catalogue at all.
    bool allow_uncatalogued = true;

    std::string default_priority;
    std::vector<Priority> priorities;
    // impact -> urgency -> priority id
    std::map<std::string, std::map<std::string, std::string>> matrix;

    std::vector<Group> groups;
    std::vector<std::string> escalation_path; // functional: group names, tier order
    std::vector<ChainLevel> chain;            // hierarchical
    // The clocks ("response", "resolve") whose breach raises the hierarchical level
    // automatically (`sla-check --escalate`); empty: never, the chain is climbed by people.
    std::vector<std::string> on_breach;
    Notify notify;
    MaintenancePolicy maintenance;
    MailIn mail;
    Knowledge knowledge;

    // What measures a ticket, hashed (policy_text, policy_hash). Recorded on every ticket logged,
    // in its `logged` event.
    std::string policy;
    // Every version of the terms, oldest first, when there is a policies/ folder: owned by the
    // configuration `load` returns; the versions' own configurations point to it.
    std::shared_ptr<const std::vector<PolicyVersion>> versions;
    const std::vector<PolicyVersion>* versions_of = nullptr;

    /// The version in force at `at` (a ticket is measured by the version in force when it was
    /// logged); this configuration when there is only one.
    const Config& policy_at(time::Instant at) const;
    /// The version in force at `at`, with its folder; nullptr when there is only one.
    const PolicyVersion* policy_version_at(time::Instant at) const;
    /// Every version, oldest first; empty when there is only this one.
    std::span<const PolicyVersion> policy_versions() const;
    /// True when `hash` names this configuration's terms or one of its versions'.
    bool has_policy(std::string_view hash) const;

    /// Lookups; nullptr when absent.
    const Priority* find_priority(std::string_view id) const;
    const Service* find_service(std::string_view id) const;
    const Group* find_group(std::string_view name) const;
    const calendar::Window* find_window(std::string_view name) const;

    /// Why a ticket cannot name `id` as its priority, service or group ("unknown priority
    /// \"P9\"; the priorities are P1, P2"), or "" when it can: a defined priority; no service,
    /// a catalogued one, or any with allow_uncatalogued; no group, a configured one, or any when
    /// there is no itsm.toml. The commands and the import hold tickets to the same names.
    std::string unknown_priority(std::string_view id) const;
    std::string unknown_service(std::string_view id) const;
    std::string unknown_group(std::string_view name) const;

    /// The window of a ticket: the priority's, else the service's, else the default (docs/sla.md).
    const calendar::Window& window_for(std::string_view priority, std::string_view service) const;
};

/// A problem found while loading: file:line:column, like a compiler.
struct Diagnostic {
    std::string file; // file name relative to the config folder, e.g. "service-windows.toml"
    int line = 0;     // 1-based; 0 when unknown
    int column = 0;
    enum class Severity { error, warning } severity = Severity::error;
    std::string message;
    bool promoted = false; // a warning made an error by --strict
};

/// "service-windows.toml:7:9: error: message", escaped for the terminal (render/terminal.hpp);
/// a promoted warning ends with " [--strict]".
std::string format(const Diagnostic& d);

/// The outcome of loading: a config (meaningful only when there are no errors) and every
/// diagnostic found, not just the first.
struct LoadResult {
    Config config;
    std::vector<Diagnostic> diagnostics;
    bool has_errors() const;
};

/// Loads and validates the configuration in `dir`; missing files fall back to built-in
/// defaults (a 24x7 window, P1-P4), and so does a missing folder unless it was `named`
/// (--config, ITSM_CONFIG), when that is an error. A folder or file that is there but cannot
/// be read (a link to nothing, a loop of links, no permission) is always an error. Never
/// throws for content problems: they are diagnostics.
LoadResult load(const std::filesystem::path& dir, bool named = false);

/// Loads from in-memory texts (file name -> content); for tests and fuzzing.
LoadResult load_texts(const std::map<std::string, std::string>& files);

/// Loads and throws ConfigError (exit 5) naming the first error when the configuration is
/// invalid; when there are more, the message says to run `check_command` to see them all.
/// With a `cache_folder`, a configuration loaded before from the same files is taken from
/// there, and one loaded now is kept there (docs/configuration.md, "The parsed configuration").
Config load_or_throw(const std::filesystem::path& dir, bool named = false,
                     std::string_view check_command = "itsm sla-check --config-only",
                     const std::filesystem::path& cache_folder = {});

/// How `check_files` judges a configuration (`sla-check --config-only`).
struct CheckOptions {
    bool strict = false;     // warnings count as errors
    std::optional<int> year; // the current year for holiday plausibility; default: the clock's
    bool named = false;      // the folder was named (--config, ITSM_CONFIG): missing is an error
};

/// The configuration files of `dir` checked for CI (`sla-check --config-only`): like `load`,
/// plus a warning when the folder does not exist; with `strict`, every warning becomes an error.
LoadResult check_files(const std::filesystem::path& dir, const CheckOptions& options);

/// `load_texts` with check options (strictness, the current year).
LoadResult load_texts(const std::map<std::string, std::string>& files, const CheckOptions& options);

/// Compiler-style lines, one per diagnostic, then "N errors, M warnings".
std::string render_text(const LoadResult& result);
/// {"valid": ..., "files": [...], "diagnostics": [...]} (docs/ci.md).
std::string render_json(const LoadResult& result);
/// GitHub Actions workflow commands: "::error file=DIR/FILE,line=L,col=C::message".
std::string render_github(const LoadResult& result);

/// The effective configuration as TOML (`itsm config show`): the three files one after the
/// other, each introduced by a comment naming the file it belongs in.
std::string to_toml(const Config& config);

/// The effective configuration as one TOML text per file name ("itsm.toml",
/// "priorities.toml", "service-windows.toml"); `load_texts` reads them back to an equal
/// configuration.
std::map<std::string, std::string> to_toml_files(const Config& config);

/// The part of the configuration that measures tickets, as canonical text: the default
/// priority, each priority's targets, window and types, the windows with their holidays, the
/// services' windows and the groups' SLA settings. Comments, layout, names and the other
/// settings do not change it.
std::string policy_text(const Config& config);

/// The first 16 hex digits of SHA-256 of policy_text: a version's name in the store.
std::string policy_hash(const Config& config);

/// The differences between two configurations as unified hunks of their `config show` texts,
/// file by file ("--- priorities.toml (FROM_LABEL)", "+++ priorities.toml (TO_LABEL)", "@@ ...");
/// "" when they print the same.
std::string diff(const Config& from, std::string_view from_label, const Config& to,
                 std::string_view to_label);

/// Event names valid in [notify] events, in lifecycle order.
const std::vector<std::string>& notify_event_names();

/// Recipient roles valid in [notify.recipients].
const std::vector<std::string>& notify_roles();

/// Who an event notifies when [notify.recipients] does not name it.
std::vector<std::string> notify_default_recipients(std::string_view event);

} // namespace itsm::config
