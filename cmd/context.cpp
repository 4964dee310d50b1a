#include "context.hpp"

#include <itsm/core/error.hpp>
#include <itsm/core/file_safety.hpp>
#include <itsm/knowledge/search.hpp>
#include <itsm/notify/outbox.hpp>
#include <itsm/render/terminal.hpp>

#include <fmt/format.h>
#include <pwd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <iterator>

namespace itsm::cmd {

namespace {

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

std::string xdg(const char* variable, const char* fallback) {
    std::string base = env(variable);
    if (base.empty()) {
        const std::string home = env("HOME");
        base = (home.empty() ? std::string(".") : home) + fallback;
    }
    return base + "/itsm";
}

// Where parsed configurations are kept ($XDG_CACHE_HOME/itsm, else ~/.cache/itsm); none
// without either variable, rather than a folder in the working one.
std::string cache_folder() {
    if (const auto base = env("XDG_CACHE_HOME"); !base.empty()) {
        return base + "/itsm";
    }
    const auto home = env("HOME");
    return home.empty() ? std::string() : home + "/.cache/itsm";
}

// ITSM_BUSY_TIMEOUT: milliseconds ("250", "250ms") or seconds ("5s"); the default when unset.
int busy_timeout_ms() {
    const std::string text = env("ITSM_BUSY_TIMEOUT");
    if (text.empty()) {
        return store::k_default_busy_timeout_ms;
    }
    std::string_view digits = text;
    long long scale = 1;
    if (digits.ends_with("ms")) {
        digits.remove_suffix(2);
    } else if (digits.ends_with("s")) {
        digits.remove_suffix(1);
        scale = 1000;
    }
    long long value = -1;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || value < 0 ||
        value * scale > 3'600'000) {
        throw UsageError(fmt::format("ITSM_BUSY_TIMEOUT \"{}\" is not a wait from 0 to 1 hour; "
                                     "give milliseconds (2000, 2000ms) or seconds (2s)",
                                     text));
    }
    return static_cast<int>(value * scale);
}

// A word as a POSIX shell reads it back: quoted when it holds anything but plain characters.
std::string shell_word(const std::string& word) {
    const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
               std::string_view("_./-+=:,@%").find(c) != std::string_view::npos;
    });
    if (plain) {
        return word;
    }
    std::string quoted = "'";
    for (const char c : word) {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

} // namespace

AppContext::AppContext(std::ostream& out_, std::ostream& err_, std::istream& in_)
    : out(out_), err(err_), in(in_) {}

std::string AppContext::config_dir() const {
    if (!global.config.empty()) {
        return global.config;
    }
    if (const auto value = env("ITSM_CONFIG"); !value.empty()) {
        return value;
    }
    return xdg("XDG_CONFIG_HOME", "/.config");
}

bool AppContext::config_named() const {
    return !global.config.empty() || !env("ITSM_CONFIG").empty();
}

const config::Config& AppContext::config() {
    if (!m_config) {
        // The hint to see every problem names the folder the user gave.
        const std::string check =
            global.config.empty()
                ? std::string("itsm sla-check --config-only")
                : "itsm sla-check --config-only --config " + shell_word(global.config);
        m_config = config::load_or_throw(config_dir(), config_named(), check, cache_folder());
        if (m_config->versions) {
            // Dated policy folders: a command works with the terms in force now; each ticket
            // is measured by the terms in force when it was logged (docs/configuration.md).
            m_current = &m_config->policy_at(now());
        }
    }
    return m_current != nullptr ? *m_current : *m_config;
}

std::string AppContext::store_path() {
    return locate_store().path;
}

AppContext::StoreLocation AppContext::locate_store() {
    if (!global.db.empty()) {
        return {global.db, "--db"};
    }
    if (const auto value = env("ITSM_DB"); !value.empty()) {
        return {value, "ITSM_DB"};
    }
    if (!config().store_path.empty()) {
        return {config().store_path, "[store] path"};
    }
    return {data_folder() + "/itsm.db", ""};
}

std::string AppContext::data_folder() {
    return xdg("XDG_DATA_HOME", "/.local/share");
}

store::Store& AppContext::store(store::Mode mode) {
    if (!m_store || (mode == store::Mode::write && m_mode == store::Mode::read)) {
        const auto [path, named_by] = locate_store();
        const bool server = store::is_server(path); // a file's checks do not apply
        // As the kernel's fs.protected_symlinks: another user's link in /tmp is not followed.
        if (const auto link = server ? std::nullopt : core::foreign_link(path)) {
            throw StoreError(fmt::format("the store path {} is {}; itsm does not follow it, "
                                         "since its owner can point it anywhere: give the "
                                         "store's real path, in a folder only its users can "
                                         "write",
                                         path, *link));
        }
        // A named store that is not there is a mistake (a typo in ITSM_DB), not an empty
        // desk; only the default store reads as empty before its first write.
        std::error_code ec;
        if (mode == store::Mode::read && !named_by.empty() && !server &&
            !std::filesystem::exists(path, ec)) {
            throw StoreError(fmt::format("there is no store at {} (given by {}); correct the "
                                         "path, or create the store with a command that "
                                         "writes (itsm log)",
                                         path, named_by));
        }
        m_store.reset();
        m_store = store::open(path, mode, busy_timeout_ms());
        m_mode = mode;
        if (mode == store::Mode::write) {
            // A new store's index stems in the configured languages from its first ticket.
            knowledge::adopt_languages(*m_store, config().knowledge.languages);
        }
    }
    return *m_store;
}

store::Store& AppContext::init_store(bool roles) {
    store::init(store_path(), busy_timeout_ms(), roles);
    return store(store::Mode::write);
}

store::Store& AppContext::existing_store() {
    const std::string path = store_path();
    if (!store::is_server(path) && !std::filesystem::exists(path)) {
        throw StoreError(fmt::format("there is no store at {}; give --db or ITSM_DB", path));
    }
    return store(store::Mode::read);
}

time::Instant AppContext::now() {
    if (!m_now) {
        const std::string fixed = env("ITSM_NOW");
        const auto system =
            std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        if (fixed.empty() || fixed == "now") {
            m_now = system;
        } else {
            auto parsed = time::parse_time(fixed, config().zone, system);
            if (!parsed) {
                throw UsageError("ITSM_NOW: " + parsed.error());
            }
            m_now = *parsed;
        }
    }
    return *m_now;
}

time::Instant AppContext::at(const std::string& text, const char* option) {
    if (text.empty()) {
        return now();
    }
    auto parsed = time::parse_time(text, config().zone, now());
    if (!parsed) {
        throw UsageError(fmt::format("{}: {}", option, parsed.error()));
    }
    return *parsed;
}

desk::Stamp AppContext::stamp(const std::string& at_text) {
    std::string actor = global.actor;
    if (actor.empty()) {
        actor = env("ITSM_ACTOR");
    }
    if (actor.empty()) {
        actor = env("USER");
    }
    if (actor.empty()) {
        // cron and service managers may leave $USER unset: the login name of the user running.
        if (const passwd* user = ::getpwuid(::geteuid()); user != nullptr && user->pw_name) {
            actor = user->pw_name;
        }
    }
    if (actor.empty()) {
        actor = "unknown";
        if (!m_unknown_actor_told) {
            err << "itsm: warning: no actor: --actor, ITSM_ACTOR and USER are unset and user "
                << ::geteuid() << " has no login name; the change is recorded as \"unknown\"\n";
            m_unknown_actor_told = true;
        }
    }
    const auto when = at(at_text);
    if (!time::recordable(when)) {
        const char* source = !at_text.empty()           ? "--at"
                             : !env("ITSM_NOW").empty() ? "ITSM_NOW"
                                                        : "the system clock";
        throw UsageError(fmt::format("{} {} is outside the times a change is recorded at, "
                                     "1970-01-01 to 2199-12-31 (UTC); give a time in that range",
                                     source, time::format_utc(when)));
    }
    desk::Stamp stamp{actor, when, {}};
    if (at_text.empty()) {
        // Read again once the write lock is held (a change that waited is stamped after the
        // one it waited for); ITSM_NOW, when set, reads the same.
        stamp.clock = [this] {
            m_now.reset();
            return now();
        };
    }
    return stamp;
}

std::string AppContext::text(const std::string& value) {
    if (value != "-") {
        return value;
    }
    std::string all{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    while (!all.empty() && (all.back() == '\n' || all.back() == '\r')) {
        all.pop_back();
    }
    return all;
}

bool AppContext::color() const {
    if (global.color == "always") {
        return true;
    }
    if (global.color == "never" || !env("NO_COLOR").empty()) {
        return false;
    }
    return ::isatty(STDOUT_FILENO) != 0;
}

std::size_t AppContext::width() const {
    if (::isatty(STDOUT_FILENO) == 0) {
        return 0;
    }
    winsize size{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
        return size.ws_col;
    }
    return 80;
}

void AppContext::deliver_queued() {
    if (!m_store || m_mode != store::Mode::write || !m_config || !m_config->notify.enabled()) {
        return;
    }
    try {
        for (const auto& d : notify::deliver(*m_store, *m_config, false, now())) {
            if (!d.sent) {
                say(err, "warning",
                    fmt::format("message {} (\"{}\") was not sent: {}; it stays queued for "
                                "'itsm notify flush'",
                                d.id, d.subject, d.error));
            }
        }
    } catch (const std::exception& e) {
        say(err, "warning",
            fmt::format("queued messages were not delivered: {}; 'itsm notify flush' retries "
                        "them",
                        e.what()));
    }
}

void say(std::ostream& err, const char* kind, std::string_view message) {
    err << "itsm: " << kind << ": " << render::terminal_text(message) << '\n';
}

void add_at(CLI::App* command, std::string& target, const char* what) {
    command->add_option("--at", target, what)->type_name("TIME");
}

void add_format(CLI::App* command, std::string& target, std::vector<std::string> choices) {
    std::string names;
    for (const auto& c : choices) {
        names += (names.empty() ? "" : "|") + c;
    }
    command->add_option("--format", target, "output format: " + names)
        ->check(CLI::IsMember(choices))
        ->type_name("FORMAT");
}

} // namespace itsm::cmd
