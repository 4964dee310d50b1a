// Reading TOML nodes with diagnostics: typed reads, unknown keys, source positions.
#include <itsm/config/draft.hpp>
#include <itsm/config/suggest.hpp>
#include <itsm/render/terminal.hpp>

#include <fmt/format.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace itsm::config::internal {

Pos pos_of(const toml::source_region& region) {
    return Pos{static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

void Reporter::error(Pos pos, std::string message) {
    m_out.push_back(
        Diagnostic{m_file, pos.line, pos.column, Diagnostic::Severity::error, std::move(message)});
}

void Reporter::warning(Pos pos, std::string message) {
    m_out.push_back(Diagnostic{m_file, pos.line, pos.column, Diagnostic::Severity::warning,
                               std::move(message)});
}

namespace {

// The first place where a key nests deeper than k_max_key_depth: a run of dots outside strings
// and comments, between two of `= , { } [ ]` or line ends. Values hold few dots (1.5, times),
// so only a key path comes near the limit.
std::optional<Pos> too_deep(std::string_view text) {
    int line = 1;
    int dots = 0;
    std::size_t i = 0;
    auto skip_string = [&](std::size_t quote, bool escapes) {
        const std::string_view end = text.substr(i, quote);
        i += quote;
        while (i < text.size() && text.substr(i, quote) != end) {
            if (escapes && text[i] == '\\' && i + 1 < text.size()) {
                ++i; // the escaped character, a line end too
            }
            line += text[i] == '\n' ? 1 : 0;
            ++i;
        }
        i += quote;
    };
    while (i < text.size()) {
        const char c = text[i];
        if (c == '"' || c == '\'') {
            const bool triple = text.substr(i, 3) == std::string(3, c);
            skip_string(triple ? 3 : 1, c == '"');
            continue;
        }
        if (c == '#') {
            i = std::min(text.find('\n', i), text.size());
            continue;
        }
        if (c == '.' && ++dots >= k_max_key_depth) {
            return Pos{line, 0};
        }
        if (c == '\n' || c == '=' || c == ',' || c == '{' || c == '}' || c == '[' || c == ']') {
            dots = 0;
            line += c == '\n' ? 1 : 0;
        }
        ++i;
    }
    return std::nullopt;
}

} // namespace

std::optional<toml::table> parse_toml(Reporter& rep, std::string_view text) {
    if (const auto pos = too_deep(text)) {
        rep.error(*pos,
                  fmt::format("invalid TOML: keys nested deeper than {} levels", k_max_key_depth));
        return std::nullopt;
    }
    try {
        return toml::parse(text, std::string_view(rep.file()));
    } catch (const toml::parse_error& e) {
        rep.error(pos_of(e.source()), "invalid TOML: " + std::string(e.description()));
        return std::nullopt;
    }
}

std::string type_phrase(const toml::node& node) {
    switch (node.type()) {
    case toml::node_type::table:
        return "a table";
    case toml::node_type::array:
        return "an array";
    case toml::node_type::string:
        return "a string";
    case toml::node_type::integer:
        return "an integer";
    case toml::node_type::floating_point:
        return "a number";
    case toml::node_type::boolean:
        return "a boolean";
    case toml::node_type::date:
        return "a date";
    case toml::node_type::time:
        return "a time";
    case toml::node_type::date_time:
        return "a date-time";
    case toml::node_type::none:
        break;
    }
    return "nothing";
}

namespace {

struct TopKey {
    std::string_view key;
    std::string_view file;
};

// Keys valid at the top of each file, to say where a misplaced one belongs.
constexpr std::array k_top_keys{
    TopKey{"timezone", k_settings_file},    TopKey{"store", k_settings_file},
    TopKey{"prefixes", k_settings_file},    TopKey{"group", k_settings_file},
    TopKey{"escalation", k_settings_file},  TopKey{"notify", k_settings_file},
    TopKey{"maintenance", k_settings_file}, TopKey{"mail", k_settings_file},
    TopKey{"knowledge", k_settings_file},   TopKey{"windows", k_windows_file},
    TopKey{"services", k_windows_file},     TopKey{"allow_uncatalogued", k_windows_file},
    TopKey{"priority", k_priorities_file},  TopKey{"matrix", k_priorities_file},
};

void type_error(Reporter& rep, const toml::node& node, std::string_view key,
                std::string_view wanted, std::string_view example) {
    std::string message = "`" + std::string(key) + "` must be " + std::string(wanted);
    if (!example.empty()) {
        message += ", e.g. " + std::string(example);
    }
    message += "; found " + type_phrase(node);
    rep.error(pos_of(node), std::move(message));
}

} // namespace

void check_keys(Reporter& rep, const toml::table& table, std::span<const std::string_view> allowed,
                std::string_view where) {
    std::vector<std::string> names(allowed.begin(), allowed.end());
    for (auto&& [key, node] : table) {
        std::string_view name = key.str();
        bool known = false;
        for (auto candidate : allowed) {
            known = known || candidate == name;
        }
        if (known) {
            continue;
        }
        std::string place = where.empty() ? "at the top of " + rep.file() : std::string(where);
        std::string message = "unknown key `" + std::string(name) + "` " + place;
        bool placed = false;
        if (where.empty()) {
            for (const auto& top : k_top_keys) {
                if (top.key == name && top.file != rep.file()) {
                    message += "; it belongs in " + std::string(top.file);
                    placed = true;
                }
            }
        }
        if (!placed) {
            message += did_you_mean(name, names, "; nothing is expected here");
        }
        rep.error(pos_of(key), std::move(message));
    }
}

bool check_name(Reporter& rep, Pos pos, std::string_view what, std::string_view name) {
    const std::string shown = render::terminal_text(name);
    if (shown == name) {
        return true;
    }
    rep.error(pos, fmt::format("{} \"{}\" holds a control character; names are printed on "
                               "terminals: use letters, digits, spaces and punctuation",
                               what, shown));
    return false;
}

const std::string* read_string(Reporter& rep, const toml::node& node, std::string_view key,
                               std::string_view example) {
    if (const auto* value = node.as_string()) {
        return &value->get();
    }
    type_error(rep, node, key, "a string", example);
    return nullptr;
}

std::optional<bool> read_bool(Reporter& rep, const toml::node& node, std::string_view key) {
    if (const auto* value = node.as_boolean()) {
        return value->get();
    }
    type_error(rep, node, key, "true or false", "");
    return std::nullopt;
}

std::optional<long long> read_int(Reporter& rep, const toml::node& node, std::string_view key,
                                  std::string_view example) {
    if (const auto* value = node.as_integer()) {
        return static_cast<long long>(value->get());
    }
    type_error(rep, node, key, "an integer", example);
    return std::nullopt;
}

const toml::table* read_table(Reporter& rep, const toml::node& node, std::string_view key,
                              std::string_view example) {
    if (const auto* value = node.as_table()) {
        return value;
    }
    type_error(rep, node, key, "a table", example);
    return nullptr;
}

const toml::array* read_array(Reporter& rep, const toml::node& node, std::string_view key,
                              std::string_view example) {
    if (const auto* value = node.as_array()) {
        return value;
    }
    type_error(rep, node, key, "an array", example);
    return nullptr;
}

std::optional<std::vector<Located>> read_string_list(Reporter& rep, const toml::node& node,
                                                     std::string_view key,
                                                     std::string_view example) {
    const auto* array = read_array(rep, node, key, example);
    if (array == nullptr) {
        return std::nullopt;
    }
    std::vector<Located> out;
    bool ok = true;
    for (const auto& element : *array) {
        if (const auto* value = element.as_string()) {
            out.push_back(Located{value->get(), pos_of(element)});
        } else {
            rep.error(pos_of(element), "every element of `" + std::string(key) +
                                           "` must be a string, e.g. " + std::string(example) +
                                           "; found " + type_phrase(element));
            ok = false;
        }
    }
    if (!ok) {
        return std::nullopt;
    }
    return out;
}

time::Zone zone_or_utc(std::string_view name) {
    if (auto zone = time::find_zone(name)) {
        return *zone;
    }
    if (auto utc = time::find_zone("UTC")) {
        return *utc;
    }
    return nullptr;
}

} // namespace itsm::config::internal
