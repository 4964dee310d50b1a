#pragma once
// Internal to lib/itsm/config: the configuration while it is being loaded, with the source
// positions that cross-file validation needs, and helpers to read TOML with diagnostics.

#include <itsm/config/config.hpp>

#include <toml++/toml.h>

#include <array>
#include <expected>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace itsm::config::internal {

inline constexpr std::string_view k_settings_file = "itsm.toml";
inline constexpr std::string_view k_priorities_file = "priorities.toml";
inline constexpr std::string_view k_windows_file = "service-windows.toml";
inline constexpr std::string_view k_calendars_dir = "calendars"; // calendars/NAME.toml

/// The record types, as [prefixes] and a priority's `types` name them.
inline constexpr std::array<std::string_view, 5> k_record_types = {"incident", "request", "problem",
                                                                   "change", "interaction"};

/// A 1-based line and column; {0, 0} when unknown.
struct Pos {
    int line = 0;
    int column = 0;
};

Pos pos_of(const toml::source_region& region);
inline Pos pos_of(const toml::node& node) {
    return pos_of(node.source());
}
inline Pos pos_of(const toml::key& key) {
    return pos_of(key.source());
}

/// A name as written, and where: a reference to check once every file is read.
struct Located {
    std::string value;
    Pos pos;
};

/// Collects the diagnostics of one file.
class Reporter {
public:
    Reporter(std::vector<Diagnostic>& out, std::string_view file) : m_out(out), m_file(file) {}
    void error(Pos pos, std::string message);
    void warning(Pos pos, std::string message);
    const std::string& file() const { return m_file; }

private:
    std::vector<Diagnostic>& m_out;
    std::string m_file;
};

/// How deep keys may nest in a file (dotted keys and table headers): deeper is a syntax error
/// (docs/security.md), found before the parser, whose tables would nest as deep.
inline constexpr int k_max_key_depth = 256;

/// Parses a TOML file's text; reports a syntax error (or keys nested deeper than
/// k_max_key_depth) at its line and returns nullopt.
std::optional<toml::table> parse_toml(Reporter& rep, std::string_view text);

/// "a string", "an integer", "a table", ... for type errors.
std::string type_phrase(const toml::node& node);

/// Reports every key of `table` that is not in `allowed`, with a did-you-mean. `where` names
/// the place ("in [windows.office]"); keys that belong in another file say so.
void check_keys(Reporter& rep, const toml::table& table, std::span<const std::string_view> allowed,
                std::string_view where);

/// Reports name `name` (`what`: "group name") at `pos` when it holds a character that would
/// steer a terminal or hide text (render/terminal.hpp), as names are printed; true when clean.
bool check_name(Reporter& rep, Pos pos, std::string_view what, std::string_view name);

/// Typed reads: nullptr/nullopt after reporting "`key` must be ..., e.g. EXAMPLE; found ...".
const std::string* read_string(Reporter& rep, const toml::node& node, std::string_view key,
                               std::string_view example);
std::optional<bool> read_bool(Reporter& rep, const toml::node& node, std::string_view key);
std::optional<long long> read_int(Reporter& rep, const toml::node& node, std::string_view key,
                                  std::string_view example);
const toml::table* read_table(Reporter& rep, const toml::node& node, std::string_view key,
                              std::string_view example);
const toml::array* read_array(Reporter& rep, const toml::node& node, std::string_view key,
                              std::string_view example);
/// An array of strings; nullopt after reporting when it is not one.
std::optional<std::vector<Located>> read_string_list(Reporter& rep, const toml::node& node,
                                                     std::string_view key,
                                                     std::string_view example);

/// Where each priority's fields were written (parallel to Config::priorities).
struct PriorityPos {
    Pos table;
    Pos id;
    Pos response;
    Pos resolve;
    Pos update;
    Pos window;
};

/// Where each service's references were written.
struct ServiceRefs {
    std::optional<Located> window;
    std::optional<Located> group;
};

/// One matrix cell: impact, urgency, priority id.
struct MatrixCell {
    std::string impact;
    std::string urgency;
    Located priority;
};

/// Where one OLA entry of a group was written: its priority ("" for every priority) and targets.
struct OlaPos {
    std::string priority;
    Pos key;
    Pos response;
    Pos resolve;
};

/// What a file contributed: absent (defaults apply), read, or unreadable/not TOML.
enum class FileState { absent, read, broken };

/// The configuration while it is being loaded.
struct Draft {
    Config config;
    std::vector<Diagnostic> diagnostics;
    int year = 0; // the current year, for holiday plausibility

    FileState settings = FileState::absent;
    FileState windows = FileState::absent;
    FileState priorities = FileState::absent;

    // itsm.toml
    std::optional<Located> timezone;
    bool groups_given = false;
    std::vector<Pos> group_pos;                           // parallel to Config::groups (the name)
    std::vector<std::optional<Located>> group_auto;       // auto_escalate_after as written
    std::vector<std::optional<Located>> group_unresolved; // auto_escalate_unresolved_after
    std::vector<std::vector<OlaPos>> group_ola;           // each group's OLA entries
    std::optional<std::vector<Located>> escalation_path;
    std::optional<std::vector<Located>> on_breach;
    Pos escalation_pos;

    // service-windows.toml
    std::optional<Located> default_window;
    std::map<std::string, Pos> window_pos;   // the window's name in [windows.NAME]
    std::map<std::string, Pos> calendar_pos; // [calendars.NAME], or 1:1 of calendars/NAME.toml
    std::set<std::string> troubled_windows;  // reported already: no "no open hours" on top
    std::map<std::string, ServiceRefs> service_refs;
    std::map<std::string, Pos> service_pos;

    // priorities.toml
    std::optional<Located> default_priority;
    std::vector<PriorityPos> priority_pos;
    std::vector<MatrixCell> matrix_cells;
    bool matrix_given = false;
    Pos matrix_pos;
};

/// Parses one file's text (nullptr: absent) into `out`; a syntax error is reported, broken.
FileState parse_file(Draft& draft, std::string_view name, const std::string* text,
                     std::optional<toml::table>& out);

/// The zone for `name`, or UTC when it is unknown (the error is reported separately).
time::Zone zone_or_utc(std::string_view name);

/// Parsers of each file; `root` is nullptr when the file is absent.
void read_settings(Draft& draft, const toml::table* root);
/// [escalation] of itsm.toml: path, chain, on_breach.
void read_escalation(Draft& draft, Reporter& rep, const toml::node& node);
/// An e-mail address into `out`, after reporting when it is not a string or not an address.
void read_email(Reporter& rep, const toml::node& node, std::string_view key, std::string& out);
/// [mail] of itsm.toml (config/mail.cpp).
void read_mail(Reporter& rep, Config& config, const toml::node& node);
/// [knowledge] of itsm.toml (config/knowledge.cpp).
void read_knowledge(Reporter& rep, Config& config, const toml::node& node);
void read_windows(Draft& draft, const toml::table* root);
void read_priorities(Draft& draft, const toml::table* root);

/// One [windows.NAME] table -> spec, with every problem of it reported.
calendar::WindowSpec read_window(Draft& draft, Reporter& rep, const std::string& name,
                                 const toml::table& table);
/// Days of the week, Monday first.
using Days = std::array<bool, 7>;

/// Where a list of whole days closed goes: a window's `holidays` or a calendar's `dates`.
struct DateList {
    std::string_view key;                            // "holidays", "dates"
    std::string owner;                               // "window `office`", "calendar `uk`"
    std::vector<calendar::Holiday>& dates;           // appended to
    std::map<calendar::Holiday, std::string>& names; // the dates written with a name
    const calendar::WindowSpec* window = nullptr;    // for "closed anyway"; nullptr for a calendar
    Days unsure_hours{}; // days whose hours were in error: no "closed anyway" on them
};
/// An entry written as a value or as { KEY = value, name = "..." }: the value's node (nullptr
/// after reporting a table without KEY) and the name ("" when none).
struct Named {
    const toml::node* value;
    std::string name;
};
/// Reads such an entry; `what` names it in messages ("holiday", "rule"), the examples show it.
Named read_named(Reporter& rep, const toml::node& element, std::string_view key,
                 std::string_view what, std::string_view example, std::string_view example_name);
/// Reads an array of dates ("2026-12-25", "*-12-25", TOML dates, { date, name }) into `list`,
/// with the plausibility warnings (past, far ahead, closed anyway).
void read_dates(Draft& draft, Reporter& rep, const toml::node& node, DateList list);
/// "2026-12-25" or "*-12-25" -> a date, or why not.
std::expected<calendar::Holiday, std::string> parse_date(std::string_view text);
/// The holidays array of a window (appends to spec.holidays and the draft's names).
/// `unsure_hours` are the days whose hours were in error: a holiday on one of them is not
/// said to fall on a closed day, which would only repeat that error.
void read_holidays(Draft& draft, Reporter& rep, calendar::WindowSpec& spec, const toml::node& node,
                   const Days& unsure_hours);

/// --strict: every warning becomes an error, marked as promoted.
void promote_warnings(std::vector<Diagnostic>& diagnostics);

/// [escalation] on_breach: known clocks, and a chain to climb.
void check_on_breach(Draft& draft, Reporter& rep);

/// The named calendars: [calendars.NAME] of service-windows.toml (`root`) and each
/// "calendars/NAME.toml" of `texts`; read before the windows that reference them.
void read_calendars(Draft& draft, const toml::table* root,
                    const std::map<std::string, std::string>& texts);
/// A window's `calendars = [...]`: their dates become the window's holidays.
void use_calendars(Draft& draft, Reporter& rep, calendar::WindowSpec& spec, const toml::node& node);

/// Once the windows are read: calendars that ran out of dates, calendars no window uses.
void check_calendars(Draft& draft);

/// A group's `ola` (config/ola.cpp): `{ response, resolve }` for every priority and
/// `PRIORITY = { response, resolve }` tables, into `group.ola` and `where`.
void read_ola(Reporter& rep, const toml::node& node, Group& group, std::vector<OlaPos>& where);

/// Cross-file checks once every file is read: references, durations, unused windows.
void validate(Draft& draft);

/// Built-in defaults for the parts whose file was absent.
calendar::WindowSpec default_window_spec(std::string_view zone_name);
std::vector<Priority> default_priorities();
std::map<std::string, std::map<std::string, std::string>> default_matrix();

/// True when every day of the week is open 00:00-24:00.
bool is_24x7(const calendar::WindowSpec& spec);

/// "2026-12-25", or "*-12-25" for every year.
std::string format_holiday(const calendar::Holiday& h);
/// "08:00".
std::string format_minutes(int minutes);

/// The names of the three levels of the impact x urgency matrix, highest first.
const std::vector<std::string>& matrix_levels();

} // namespace itsm::config::internal
