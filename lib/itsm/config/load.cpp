// Loading: reading the three files, running the parsers and validation, the entry points
// load / load_texts / check / load_or_throw, and the lookups of Config.
#include <itsm/config/cache.hpp>
#include <itsm/config/draft.hpp>
#include <itsm/config/policies.hpp>
#include <itsm/config/read_file.hpp>
#include <itsm/config/suggest.hpp>
#include <itsm/core/error.hpp>
#include <itsm/render/terminal.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>

namespace itsm::config {

namespace internal {

// Parses one file's text; reports a syntax error and returns broken.
FileState parse_file(Draft& draft, std::string_view name, const std::string* text,
                     std::optional<toml::table>& out) {
    if (text == nullptr) {
        return FileState::absent;
    }
    Reporter rep(draft.diagnostics, name);
    out = parse_toml(rep, *text);
    return out ? FileState::read : FileState::broken;
}

} // namespace internal

namespace {

namespace fs = std::filesystem;
using internal::Draft;
using internal::FileState;

constexpr std::array<std::string_view, 3> k_files = {
    internal::k_settings_file, internal::k_priorities_file, internal::k_windows_file};

int clock_year() {
    auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return static_cast<int>(std::chrono::year_month_day{today}.year());
}

// The message templates of the events that send mail, notify/EVENT.txt, read now rather than
// when a change composes its message inside its write transaction: a template that is a FIFO
// or a device would hold the store's lock, or be read without end.
void read_templates(Config& config, const fs::path& dir, std::vector<Diagnostic>& diagnostics) {
    if (dir.empty() || !config.notify.enabled()) {
        return;
    }
    for (const auto& event : config.notify.events) {
        const std::string name = "notify/" + event + ".txt";
        std::error_code ec;
        if (fs::symlink_status(dir / name, ec).type() == fs::file_type::not_found) {
            continue;
        }
        auto content = read_file(dir / name);
        if (!content) {
            diagnostics.push_back(
                Diagnostic{name, 0, 0, Diagnostic::Severity::error,
                           "cannot read " + (dir / name).string() + ": " + content.error()});
            continue;
        }
        config.notify.templates.emplace(event, std::move(*content));
    }
}

LoadResult run_one(const std::map<std::string, std::string>& texts,
                   const std::set<std::string>& unreadable, const fs::path& dir,
                   const CheckOptions& options, std::vector<Diagnostic> early) {
    Draft draft;
    draft.year = options.year.value_or(clock_year());
    draft.diagnostics = std::move(early);
    draft.config.dir = dir;

    std::array<std::optional<toml::table>, 3> tables;
    std::array<FileState, 3> states{};
    for (std::size_t i = 0; i < k_files.size(); ++i) {
        std::string name(k_files[i]);
        auto text = texts.find(name);
        if (unreadable.contains(name)) {
            states[i] = FileState::broken;
        } else {
            states[i] = internal::parse_file(
                draft, name, text == texts.end() ? nullptr : &text->second, tables[i]);
        }
        if (states[i] != FileState::absent) {
            draft.config.files.push_back(name);
        }
    }
    draft.settings = states[0];
    draft.priorities = states[1];
    draft.windows = states[2];
    auto root = [&](std::size_t i) { return tables[i] ? &*tables[i] : nullptr; };
    internal::read_settings(draft, root(0));
    internal::read_calendars(draft, root(2), texts);
    internal::read_windows(draft, root(2));
    internal::check_calendars(draft);
    internal::read_priorities(draft, root(1));
    internal::validate(draft);
    read_templates(draft.config, dir, draft.diagnostics);

    if (options.strict) {
        internal::promote_warnings(draft.diagnostics);
    }
    internal::sort_diagnostics(draft.diagnostics);
    return LoadResult{std::move(draft.config), std::move(draft.diagnostics)};
}

// Every version: the top-level files, then each policies/DATE/ folder over them.
LoadResult run(const std::map<std::string, std::string>& texts,
               const std::set<std::string>& unreadable, const fs::path& dir,
               const CheckOptions& options, std::vector<Diagnostic> early) {
    bool first = true;
    return internal::load_versions(
        texts, std::move(early),
        [&](const internal::Texts& version, std::vector<Diagnostic> found) {
            // The top-level files' unreadable ones are theirs; later versions inherit them.
            const bool top = std::exchange(first, false);
            return run_one(version, top ? unreadable : std::set<std::string>{}, dir, options,
                           std::move(found));
        });
}

Diagnostic folder_error(std::string message) {
    return Diagnostic{"", 0, 0, Diagnostic::Severity::error, std::move(message)};
}

// " (a link to TARGET)" when `path` is a symbolic link, for messages about what it leads to.
std::string link_note(const fs::path& path) {
    std::error_code ec;
    const auto target = fs::read_symlink(path, ec);
    return ec ? std::string() : " (a link to " + target.string() + ")";
}

// Whether the folder can be read; when not, the diagnostic, or nothing when it is simply not
// there and was not named (the built-in defaults, with a warning for `check`).
bool usable_folder(const fs::path& dir, const CheckOptions& options, bool note_missing_dir,
                   std::vector<Diagnostic>& early) {
    std::error_code ec;
    const auto entry = fs::symlink_status(dir, ec);
    if (entry.type() == fs::file_type::not_found) { // (with ENOENT in ec)
        if (options.named) {
            early.push_back(folder_error(
                "configuration folder " + dir.string() +
                " does not exist; create it (itsm init writes a starter) or correct --config "
                "or ITSM_CONFIG"));
        } else if (note_missing_dir) {
            early.push_back(Diagnostic{"", 0, 0, Diagnostic::Severity::warning,
                                       "configuration folder " + dir.string() +
                                           " does not exist; the built-in defaults apply"});
        }
        return false;
    }
    const auto target = ec ? entry : fs::status(dir, ec);
    if (ec) {
        early.push_back(folder_error(
            "cannot read the configuration folder " + dir.string() + link_note(dir) + ": " +
            ec.message() +
            "; give a folder that holds itsm.toml, priorities.toml and service-windows.toml"));
        return false;
    }
    if (!fs::is_directory(target)) {
        early.push_back(folder_error("configuration folder " + dir.string() +
                                     " is not a folder; give the folder that holds "
                                     "itsm.toml, priorities.toml and service-windows.toml"));
        return false;
    }
    return true;
}

// The files of a configuration folder as read, before they are parsed.
struct Read {
    internal::Texts texts;
    std::set<std::string> unreadable; // of the top-level files
    std::vector<Diagnostic> early;
    bool usable = false; // the folder is there and could be read
};

Read read_dir(const fs::path& dir, const CheckOptions& options, bool note_missing_dir) {
    Read read;
    auto& [texts, unreadable, early, usable] = read;
    std::error_code ec;
    usable = usable_folder(dir, options, note_missing_dir, early);
    if (!usable) {
        return read;
    }
    std::vector<std::string> known(k_files.begin(), k_files.end());
    for (const auto& name : known) {
        fs::path path = dir / name;
        // Only a file that is not there at all means defaults: a link to nothing, a loop of
        // links or a folder that cannot be searched is an error.
        const auto entry = fs::symlink_status(path, ec);
        if (entry.type() == fs::file_type::not_found) {
            continue;
        }
        auto content = ec ? std::expected<std::string, std::string>(std::unexpected(ec.message()))
                          : read_file(path);
        if (!content) {
            early.push_back(Diagnostic{name, 0, 0, Diagnostic::Severity::error,
                                       "cannot read " + path.string() + link_note(path) + ": " +
                                           content.error()});
            unreadable.insert(name);
            continue;
        }
        texts.emplace(name, std::move(*content));
    }
    // Calendars written by `itsm calendar import` (or by hand): calendars/NAME.toml.
    for (const auto& entry : fs::directory_iterator(dir / internal::k_calendars_dir, ec)) {
        internal::read_toml_file(entry.path(),
                                 std::string(internal::k_calendars_dir) + "/" +
                                     entry.path().filename().string(),
                                 texts, early);
    }
    internal::read_policy_files(dir, texts, early);
    // A misspelt file name silently means defaults; say so.
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        std::string name = entry.path().filename().string();
        if (entry.path().extension() != ".toml" ||
            std::find(known.begin(), known.end(), name) != known.end()) {
            continue;
        }
        std::vector<std::string> stems;
        for (const auto& file : known) {
            stems.push_back(fs::path(file).stem().string());
        }
        auto best = closest(entry.path().stem().string(), stems);
        if (!best.empty() && !texts.contains(best + ".toml")) {
            early.push_back(Diagnostic{name, 0, 0, Diagnostic::Severity::warning,
                                       "this file is not read; did you mean `" + best + ".toml`?"});
        }
    }
    return read;
}

LoadResult load_dir(const fs::path& dir, const CheckOptions& options, bool note_missing_dir) {
    Read read = read_dir(dir, options, note_missing_dir);
    return run(read.texts, read.unreadable, dir, options, std::move(read.early));
}

// load_dir for a command, through the cache in `cache_folder` (cache.hpp): what it holds is
// used when the files read now are the ones it was loaded from, by this program, this year.
// Only a configuration without errors and without policy versions is kept. Its warnings are
// not: a command shows none (load_or_throw).
LoadResult load_dir_cached(const fs::path& dir, bool named, const fs::path& cache_folder) {
    CheckOptions options;
    options.named = named;
    Read read = read_dir(dir, options, false);
    const bool clean = read.usable && read.unreadable.empty() &&
                       std::none_of(read.early.begin(), read.early.end(), [](const Diagnostic& d) {
                           return d.severity == Diagnostic::Severity::error;
                       });
    if (cache_folder.empty() || !clean) {
        return run(read.texts, read.unreadable, dir, options, std::move(read.early));
    }
    options.year = clock_year();
    const std::string key = internal::cache_key(read.texts, *options.year);
    const fs::path file = internal::cache_file(cache_folder, dir);
    if (auto config = internal::read_cache(file, key)) {
        LoadResult result{std::move(*config), {}};
        result.config.dir = dir;
        read_templates(result.config, dir, result.diagnostics);
        return result;
    }
    LoadResult result = run(read.texts, read.unreadable, dir, options, std::move(read.early));
    if (!result.has_errors() && !result.config.versions) {
        internal::write_cache(file, result.config, key);
    }
    return result;
}

} // namespace

void internal::sort_diagnostics(std::vector<Diagnostic>& diagnostics) {
    std::stable_sort(
        diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
            return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
        });
}

void internal::read_toml_file(const fs::path& path, const std::string& name, internal::Texts& texts,
                              std::vector<Diagnostic>& early) {
    if (path.extension() != ".toml") {
        return;
    }
    auto content = read_file(path);
    if (!content) {
        early.push_back(Diagnostic{name, 0, 0, Diagnostic::Severity::error,
                                   "cannot read " + path.string() + ": " + content.error()});
        return;
    }
    texts.emplace(name, std::move(*content));
}

void internal::promote_warnings(std::vector<Diagnostic>& diagnostics) {
    for (auto& d : diagnostics) {
        d.promoted = d.severity == Diagnostic::Severity::warning;
        d.severity = Diagnostic::Severity::error;
    }
}

std::string format(const Diagnostic& d) {
    std::string out;
    if (!d.file.empty()) {
        out += d.file;
        if (d.line > 0) {
            out += ":" + std::to_string(d.line);
            if (d.column > 0) {
                out += ":" + std::to_string(d.column);
            }
        }
        out += ": ";
    }
    out += d.severity == Diagnostic::Severity::error ? "error: " : "warning: ";
    return render::terminal_text(out + d.message + (d.promoted ? " [--strict]" : ""));
}

bool LoadResult::has_errors() const {
    return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
        return d.severity == Diagnostic::Severity::error;
    });
}

LoadResult load(const std::filesystem::path& dir, bool named) {
    CheckOptions options;
    options.named = named;
    return load_dir(dir, options, false);
}

LoadResult check_files(const std::filesystem::path& dir, const CheckOptions& options) {
    return load_dir(dir, options, true);
}

LoadResult load_texts(const std::map<std::string, std::string>& files) {
    return load_texts(files, CheckOptions{});
}

LoadResult load_texts(const std::map<std::string, std::string>& files,
                      const CheckOptions& options) {
    return run(files, {}, {}, options, {});
}

Config load_or_throw(const std::filesystem::path& dir, bool named, std::string_view check_command,
                     const std::filesystem::path& cache_folder) {
    LoadResult result = load_dir_cached(dir, named, cache_folder);
    if (!result.has_errors()) {
        return std::move(result.config);
    }
    auto first =
        std::find_if(result.diagnostics.begin(), result.diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::error; });
    Diagnostic shown = *first;
    if (!shown.file.empty()) {
        shown.file = (dir / shown.file).string();
    }
    std::string message = "invalid configuration: " + format(shown);
    if (result.diagnostics.size() > 1) {
        message += " (run '" + std::string(check_command) + "' to see all " +
                   std::to_string(result.diagnostics.size()) + " problems)";
    }
    throw ConfigError(message);
}

const Priority* Config::find_priority(std::string_view id) const {
    auto it = std::find_if(priorities.begin(), priorities.end(),
                           [&](const Priority& p) { return p.id == id; });
    return it == priorities.end() ? nullptr : &*it;
}

const Service* Config::find_service(std::string_view id) const {
    auto it = services.find(std::string(id));
    return it == services.end() ? nullptr : &it->second;
}

const Group* Config::find_group(std::string_view name) const {
    auto it =
        std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.name == name; });
    return it == groups.end() ? nullptr : &*it;
}

const calendar::Window* Config::find_window(std::string_view name) const {
    auto it = windows.find(std::string(name));
    return it == windows.end() ? nullptr : &it->second;
}

const calendar::Window& Config::window_for(std::string_view priority,
                                           std::string_view service) const {
    if (const auto* p = find_priority(priority); p != nullptr && !p->window.empty()) {
        if (const auto* window = find_window(p->window)) {
            return *window;
        }
    }
    if (const auto* s = find_service(service); s != nullptr && !s->window.empty()) {
        if (const auto* window = find_window(s->window)) {
            return *window;
        }
    }
    if (const auto* window = find_window(default_window)) {
        return *window;
    }
    throw ConfigError("invalid configuration: the default window `" + default_window +
                      "` is not defined");
}

} // namespace itsm::config
