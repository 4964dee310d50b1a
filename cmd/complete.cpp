// itsm __complete WORDS...: what the shell completions ask (completions/ in the source tree).

#include "complete.hpp"

#include "complete_values.hpp"

#include <itsm/core/suggest.hpp>

#include <cctype>
#include <ostream>

namespace itsm::cmd {

namespace {

// Where a partial command line leads.
struct Walk {
    CLI::App* command = nullptr;
    const CLI::Option* pending = nullptr;         // an option waiting for its value
    std::vector<const CLI::Option*> seen_options; // given to `command`
    std::size_t positionals = 0;                  // positional words given to `command`
    std::string unknown;                          // a word where a command name was expected
    std::string unknown_path;                     // the commands before it ("report")
    CLI::App* unknown_parent = nullptr;           // the command it should be a subcommand of
    std::string unknown_option;                   // the first option no command has
    CLI::App* unknown_option_of = nullptr;        // the command it was given to
};

bool visible(const CLI::App& sub) {
    return !sub.get_group().empty();
}

std::vector<CLI::App*> visible_subcommands(CLI::App& app) {
    return app.get_subcommands([](CLI::App* sub) { return visible(*sub); });
}

// "--name", "-n"; not "-" (standard input) nor "-5" (a number).
bool looks_like_option(const std::string& word) {
    return word.size() > 1 && word[0] == '-' &&
           (word[1] == '-' || std::isalpha(static_cast<unsigned char>(word[1])) != 0);
}

bool takes_value(const CLI::Option& option) {
    return option.get_type_size_max() > 0;
}

bool is_positional(const CLI::Option& option) {
    return option.get_lnames().empty() && option.get_snames().empty();
}

// A named option of `app` or of a command above it (the global options).
const CLI::Option* find_option(CLI::App& app, const std::string& name) {
    for (CLI::App* a = &app; a != nullptr; a = a->get_parent()) {
        for (const CLI::Option* option : a->get_options()) {
            if (!is_positional(*option) && option->check_name(name)) {
                return option;
            }
        }
    }
    return nullptr;
}

CLI::App* find_subcommand(CLI::App& app, const std::string& name) {
    for (CLI::App* sub : visible_subcommands(app)) {
        if (sub->check_name(name)) {
            return sub;
        }
    }
    return nullptr;
}

// The global options on the line being completed (--db, --config) apply to the values offered.
void remember(GlobalOptions* globals, const CLI::Option& option, const std::string& value) {
    if (globals == nullptr) {
        return;
    }
    if (option.check_name("--db")) {
        globals->db = value;
    } else if (option.check_name("--config")) {
        globals->config = value;
    }
}

Walk walk(CLI::App& app, const std::vector<std::string>& words, GlobalOptions* globals) {
    Walk w;
    w.command = &app;
    std::string path;
    bool only_positionals = false;
    for (const auto& word : words) {
        if (w.pending != nullptr) {
            remember(globals, *w.pending, word);
            w.pending = nullptr;
            continue;
        }
        if (!only_positionals && word == "--") {
            only_positionals = true;
            continue;
        }
        if (!only_positionals && looks_like_option(word)) {
            const auto eq = word.find('=');
            if (const auto* option = find_option(*w.command, word.substr(0, eq))) {
                w.seen_options.push_back(option);
                if (eq != std::string::npos) {
                    remember(globals, *option, word.substr(eq + 1));
                } else if (takes_value(*option)) {
                    w.pending = option;
                }
            } else if (w.unknown_option.empty() && w.unknown.empty()) {
                w.unknown_option = word.substr(0, eq);
                w.unknown_option_of = w.command;
            }
            continue;
        }
        if (!only_positionals && w.positionals == 0) {
            if (CLI::App* sub = find_subcommand(*w.command, word)) {
                path += (path.empty() ? "" : " ") + word;
                w.command = sub;
                w.seen_options.clear();
                continue;
            }
            if (!visible_subcommands(*w.command).empty() && w.unknown.empty() &&
                w.unknown_option.empty()) {
                w.unknown = word;
                w.unknown_path = path;
                w.unknown_parent = w.command;
            }
        }
        ++w.positionals;
    }
    return w;
}

std::string one_line(std::string text) {
    const auto end = text.find('\n');
    return end == std::string::npos ? text : text.substr(0, end);
}

Values named_options(const Walk& w) {
    Values v;
    for (const CLI::Option* option : w.command->get_options()) {
        if (is_positional(*option) || option->get_group().empty()) {
            continue;
        }
        bool given = false;
        for (const auto* seen : w.seen_options) {
            given = given || seen == option;
        }
        if (given && option->get_expected_max() <= 1) {
            continue;
        }
        v.candidates.push_back({option->get_name(), one_line(option->get_description())});
    }
    return v;
}

Values subcommands(CLI::App& command) {
    Values v;
    for (CLI::App* sub : visible_subcommands(command)) {
        v.candidates.push_back({sub->get_name(), one_line(sub->get_description())});
    }
    return v;
}

const CLI::Option* positional(CLI::App& command, std::size_t index) {
    for (const CLI::Option* option : command.get_options()) {
        if (is_positional(*option)) {
            if (index == 0) {
                return option;
            }
            --index;
        }
    }
    return nullptr;
}

} // namespace

int complete(CLI::App& app, AppContext& ctx, const std::vector<std::string>& words) {
    std::vector<std::string> before = words;
    std::string prefix;
    if (!before.empty()) {
        prefix = before.back();
        before.pop_back();
    }
    const Walk w = walk(app, before, &ctx.global);
    std::string lead; // "--format=" or "open," when completing part of one word
    const CLI::Option* valued = w.pending;
    if (valued == nullptr && prefix.starts_with("--") && prefix.find('=') != std::string::npos) {
        const auto eq = prefix.find('=');
        valued = find_option(*w.command, prefix.substr(0, eq));
        lead = prefix.substr(0, eq + 1);
        prefix = prefix.substr(eq + 1);
    }
    // "--status open,as": the values of a comma-separated list, one after the other
    if (valued != nullptr && valued->get_delimiter() != '\0') {
        if (const auto last = prefix.rfind(valued->get_delimiter()); last != std::string::npos) {
            lead += prefix.substr(0, last + 1);
            prefix = prefix.substr(last + 1);
        }
    }
    Values v;
    if (valued != nullptr) {
        v = values_for(ctx, *w.command, *valued);
    } else if (!lead.empty()) {
        // an option this command does not have, followed by "=": nothing to offer
    } else if (prefix.starts_with("-")) {
        v = named_options(w);
    } else if (!visible_subcommands(*w.command).empty() && w.positionals == 0) {
        v = subcommands(*w.command);
    } else if (const auto* option = positional(*w.command, w.positionals)) {
        v = values_for(ctx, *w.command, *option);
    }
    if (!v.fallback.empty()) {
        ctx.out << ':' << v.fallback << '\n';
    }
    for (const auto& c : v.candidates) {
        if (!c.value.starts_with(prefix)) {
            continue;
        }
        ctx.out << lead << c.value;
        if (!c.description.empty()) {
            ctx.out << '\t' << c.description;
        }
        ctx.out << '\n';
    }
    return 0;
}

std::string unknown_name(CLI::App& app, const std::vector<std::string>& args) {
    const Walk w = walk(app, args, nullptr);
    if (!w.unknown_option.empty()) {
        std::vector<std::string> names;
        for (const CLI::Option* option : w.unknown_option_of->get_options()) {
            if (!is_positional(*option)) {
                names.push_back(option->get_name());
            }
        }
        const bool top = w.unknown_option_of->get_parent() == nullptr;
        return "unknown option \"" + w.unknown_option + "\"" +
               (top ? std::string() : " for " + w.unknown_option_of->get_name()) +
               did_you_mean(w.unknown_option, names);
    }
    if (w.unknown.empty()) {
        return {};
    }
    std::vector<std::string> names;
    for (CLI::App* sub : visible_subcommands(*w.unknown_parent)) {
        names.push_back(sub->get_name());
    }
    const std::string full = w.unknown_path.empty() ? w.unknown : w.unknown_path + " " + w.unknown;
    return "unknown command \"" + full + "\"" + did_you_mean(w.unknown, names);
}

} // namespace itsm::cmd
