#pragma once
// What every command is handed: global options, the configuration and store (loaded on first
// use), the clock, and the output streams. Built in main; never global.

#include <itsm/config/config.hpp>
#include <itsm/desk/desk.hpp>
#include <itsm/store/store.hpp>

#include <CLI/CLI.hpp>

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace itsm::cmd {

struct GlobalOptions {
    std::string db;
    std::string config;
    std::string actor;
    std::string color = "auto";
};

class AppContext {
public:
    AppContext(std::ostream& out, std::ostream& err, std::istream& in);

    GlobalOptions global;
    std::ostream& out;
    std::ostream& err;
    std::istream& in;
    int exit_code = 0; // set by commands that report findings (sla-check)

    /// The configuration folder: --config, ITSM_CONFIG, $XDG_CONFIG_HOME/itsm.
    std::string config_dir() const;
    /// True when the folder was named (--config, ITSM_CONFIG): then it must be there.
    bool config_named() const;
    /// The validated configuration; throws ConfigError (exit 5) when invalid.
    const config::Config& config();
    /// The store path: --db, ITSM_DB, store.path of itsm.toml, $XDG_DATA_HOME/itsm/itsm.db.
    std::string store_path();
    /// The folder of itsm's data: $XDG_DATA_HOME/itsm (~/.local/share/itsm), where the default
    /// store is.
    std::string data_folder();
    /// The store, opened on first use (write mode wins once asked for). Throws StoreError when
    /// its path is another user's link in a sticky world-writable folder, and for reading when
    /// a named store (--db, ITSM_DB, [store] path) does not exist.
    store::Store& store(store::Mode mode);
    /// The store for reading, which must exist (check, backup); throws StoreError naming the
    /// path when there is none, where store() would read an empty one.
    store::Store& existing_store();
    /// The store set up where it is not yet, then opened for writing (`itsm store init`): a
    /// server's database gets its schema; a file store is created as by a first write.
    store::Store& init_store(bool roles = false);
    /// "now": ITSM_NOW when set, else the system clock.
    time::Instant now();
    /// --at TIME in the configured timezone; "" means now. Throws UsageError.
    time::Instant at(const std::string& text, const char* option = "--at");
    /// Actor and time for a change. The actor: --actor, ITSM_ACTOR, USER, the login name of the
    /// effective user, else "unknown" (with one warning on stderr).
    desk::Stamp stamp(const std::string& at_text);
    /// A text option's value; "-" reads standard input.
    std::string text(const std::string& value);
    /// True when colour should be used on stdout.
    bool color() const;
    /// Terminal width of stdout, or 0 when not a terminal.
    std::size_t width() const;
    /// After a command that wrote: delivers the messages it queued. A failure is a warning on
    /// stderr (the message stays queued for `itsm notify flush`), never an error.
    void deliver_queued();

private:
    // The store's path and what named it ("--db", "ITSM_DB", "[store] path"; "" by default).
    struct StoreLocation {
        std::string path;
        std::string_view named_by;
    };
    StoreLocation locate_store();

    std::optional<config::Config> m_config;    // every version of the terms
    const config::Config* m_current = nullptr; // the version in force now, when there are more
    std::unique_ptr<store::Store> m_store;
    store::Mode m_mode = store::Mode::read;
    std::optional<time::Instant> m_now;
    bool m_unknown_actor_told = false;
};

/// Writes "itsm: KIND: MESSAGE" on one line of `err` (kind: error, warning, note), the message
/// escaped for the terminal (render/terminal.hpp): data quoted in it cannot steer the terminal.
void say(std::ostream& err, const char* kind, std::string_view message);

/// Adds `--at TIME` to a command.
void add_at(CLI::App* command, std::string& target, const char* what);
/// Adds `--format` with the given choices.
void add_format(CLI::App* command, std::string& target, std::vector<std::string> choices);

} // namespace itsm::cmd
