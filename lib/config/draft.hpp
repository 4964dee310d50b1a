#pragma once
// Internal to lib/config: the configuration while it is being loaded, with the source
// positions that cross-file validation needs, and helpers to read TOML with diagnostics.

#include <itsm/config/config.hpp>

#include <toml++/toml.h>

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace itsm::config::detail {

inline constexpr std::string_view k_settings_file = "itsm.toml";
inline constexpr std::string_view k_priorities_file = "priorities.toml";
inline constexpr std::string_view k_windows_file = "service-windows.toml";

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

/// "a string", "an integer", "a table", ... for type errors.
std::string type_phrase(const toml::node& node);

/// Reports every key of `table` that is not in `allowed`, with a did-you-mean. `where` names
/// the place ("in [windows.office]"); keys that belong in another file say so.
void check_keys(Reporter& rep, const toml::table& table, std::span<const std::string_view> allowed,
                std::string_view where);

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
    std::vector<Pos> group_pos;                     // parallel to Config::groups (the name)
    std::vector<std::optional<Located>> group_auto; // auto_escalate_after as written
    std::optional<std::vector<Located>> escalation_path;
    Pos escalation_pos;

    // service-windows.toml
    std::optional<Located> default_window;
    std::map<std::string, Pos> window_pos;  // the window's name in [windows.NAME]
    std::set<std::string> troubled_windows; // reported already: no "no open hours" on top
    std::map<std::string, ServiceRefs> service_refs;
    std::map<std::string, Pos> service_pos;

    // priorities.toml
    std::optional<Located> default_priority;
    std::vector<PriorityPos> priority_pos;
    std::vector<MatrixCell> matrix_cells;
    bool matrix_given = false;
    Pos matrix_pos;
};

/// The zone for `name`, or UTC when it is unknown (the error is reported separately).
time::Zone zone_or_utc(std::string_view name);

/// Parsers of each file; `root` is nullptr when the file is absent.
void read_settings(Draft& draft, const toml::table* root);
/// [mail] of itsm.toml (config/mail.cpp).
void read_mail(Reporter& rep, Config& config, const toml::node& node);
void read_windows(Draft& draft, const toml::table* root);
void read_priorities(Draft& draft, const toml::table* root);

/// One [windows.NAME] table -> spec, with every problem of it reported.
calendar::WindowSpec read_window(Draft& draft, Reporter& rep, const std::string& name,
                                 const toml::table& table);
/// The holidays array of a window (appends to spec.holidays and the draft's names).
void read_holidays(Draft& draft, Reporter& rep, calendar::WindowSpec& spec, const toml::node& node);

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

} // namespace itsm::config::detail
