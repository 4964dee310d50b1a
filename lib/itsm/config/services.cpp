// service-windows.toml: the default window, the windows, and the service catalogue.
#include <itsm/config/draft.hpp>
#include <itsm/config/suggest.hpp>

#include <array>
#include <charconv>
#include <cmath>

namespace itsm::config::internal {

namespace {

constexpr std::array<std::string_view, 5> k_top_services = {"default", "allow_uncatalogued",
                                                            "calendars", "windows", "services"};
constexpr std::array<std::string_view, 6> k_service = {"name",         "window",   "group",
                                                       "availability", "category", "site"};

std::optional<double> read_availability(Reporter& rep, const toml::node& node) {
    double value = 0;
    bool percent_sign = false;
    if (const auto* number = node.as_floating_point()) {
        value = number->get();
    } else if (const auto* integer = node.as_integer()) {
        value = static_cast<double>(integer->get());
    } else if (const auto* text = node.as_string()) {
        std::string_view s = text->get();
        while (!s.empty() && s.back() == ' ') {
            s.remove_suffix(1);
        }
        if (!s.empty() && s.back() == '%') {
            s.remove_suffix(1);
            percent_sign = true;
        }
        while (!s.empty() && s.back() == ' ') {
            s.remove_suffix(1);
        }
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
        if (s.empty() || ec != std::errc{} || end != s.data() + s.size()) {
            rep.error(pos_of(node), "availability \"" + text->get() +
                                        "\" is not a percentage; write e.g. \"98%\" or "
                                        "\"99.5%\"");
            return std::nullopt;
        }
    } else {
        rep.error(pos_of(node),
                  "`availability` must be a percentage, e.g. \"98%\"; found " + type_phrase(node));
        return std::nullopt;
    }
    if (!std::isfinite(value) || value <= 0 || value > 100) {
        rep.error(pos_of(node), "availability is out of range; it must be more than 0% and at "
                                "most 100%, e.g. \"98%\"");
        return std::nullopt;
    }
    if (value <= 1 && !percent_sign) {
        char shown[32];
        auto [end, ec] = std::to_chars(shown, shown + sizeof shown, value);
        std::string number(shown, ec == std::errc{} ? end : shown);
        std::string percent = std::to_string(std::lround(value * 100));
        rep.warning(pos_of(node), "availability " + number + " is read as " + number +
                                      "%; if you mean " + percent + " percent, write \"" + percent +
                                      "%\"");
    }
    return value;
}

void read_service(Draft& draft, Reporter& rep, const std::string& id, Pos pos,
                  const toml::node& node) {
    const auto* table = read_table(rep, node, "services." + id,
                                   "[services." + id + "] name = \"...\" window = \"office\"");
    if (table == nullptr) {
        return;
    }
    check_keys(rep, *table, k_service, "in [services." + id + "]");
    check_name(rep, pos, "service id", id);
    Service service;
    service.id = id;
    ServiceRefs refs;
    auto text_of = [&](std::string_view key, std::string_view example) -> const std::string* {
        const auto* value = table->get(key);
        return value != nullptr ? read_string(rep, *value, key, example) : nullptr;
    };
    if (const auto* name = text_of("name", "\"E-mail\"")) {
        service.name = *name;
        check_name(rep, pos_of(*table->get("name")), "service name", *name);
    }
    if (const auto* window = text_of("window", "\"office\"")) {
        service.window = *window;
        refs.window = Located{*window, pos_of(*table->get("window"))};
    }
    if (const auto* group = text_of("group", "\"helpdesk\"")) {
        service.group = *group;
        refs.group = Located{*group, pos_of(*table->get("group"))};
    }
    if (const auto* availability = table->get("availability")) {
        service.availability = read_availability(rep, *availability);
    }
    if (const auto* category = text_of("category", "\"application\"")) {
        service.category = *category;
    }
    if (const auto* site = text_of("site", "\"Maidstone\"")) {
        service.site = *site;
    }
    draft.service_refs[id] = std::move(refs);
    draft.service_pos[id] = pos;
    draft.config.services.emplace(id, std::move(service));
}

} // namespace

calendar::WindowSpec default_window_spec(std::string_view zone_name) {
    calendar::WindowSpec spec;
    spec.name = "24x7";
    spec.zone_name = std::string(zone_name);
    spec.zone = zone_or_utc(zone_name);
    for (auto& day : spec.week) {
        day = {calendar::TimeRange{0, 24 * 60}};
    }
    return spec;
}

void read_windows(Draft& draft, const toml::table* root) {
    Reporter rep(draft.diagnostics, k_windows_file);
    Config& config = draft.config;
    bool windows_given = false;
    if (root != nullptr) {
        check_keys(rep, *root, k_top_services, "");
        if (const auto* node = root->get("default")) {
            if (const auto* text = read_string(rep, *node, "default", "\"office\"")) {
                draft.default_window = Located{*text, pos_of(*node)};
            }
        }
        if (const auto* node = root->get("allow_uncatalogued")) {
            config.allow_uncatalogued = read_bool(rep, *node, "allow_uncatalogued").value_or(true);
        }
        if (const auto* node = root->get("windows")) {
            if (const auto* windows =
                    read_table(rep, *node, "windows", "[windows.office] hours = { ... }")) {
                for (auto&& [key, value] : *windows) {
                    windows_given = true;
                    std::string name(key.str());
                    draft.window_pos[name] = pos_of(key);
                    check_name(rep, pos_of(key), "window name", name);
                    const auto* table = read_table(rep, value, "windows." + name,
                                                   "[windows." + name +
                                                       "] hours = { \"mon-fri\" = "
                                                       "\"08:00-18:00\" }");
                    if (table == nullptr) {
                        continue;
                    }
                    std::size_t before = draft.diagnostics.size();
                    auto spec = read_window(draft, rep, name, *table);
                    for (std::size_t i = before; i < draft.diagnostics.size(); ++i) {
                        if (draft.diagnostics[i].severity == Diagnostic::Severity::error) {
                            draft.troubled_windows.insert(name);
                        }
                    }
                    config.windows.emplace(name, calendar::Window(std::move(spec)));
                }
            }
        }
        if (const auto* node = root->get("services")) {
            if (const auto* services =
                    read_table(rep, *node, "services", "[services.EMAIL] window = \"office\"")) {
                for (auto&& [key, value] : *services) {
                    read_service(draft, rep, std::string(key.str()), pos_of(key), value);
                }
            }
        }
    }
    // Without a catalogue any service name is accepted; with one, only when allowed.
    if (root == nullptr || root->get("allow_uncatalogued") == nullptr) {
        config.allow_uncatalogued = config.services.empty();
    }
    if (!windows_given) {
        std::string zone = draft.timezone && time::find_zone(draft.timezone->value)
                               ? draft.timezone->value
                               : "UTC";
        config.windows.emplace("24x7", calendar::Window(default_window_spec(zone)));
    }
    if (draft.default_window) {
        config.default_window = draft.default_window->value;
    } else if (config.windows.size() == 1) {
        config.default_window = config.windows.begin()->first;
    } else if (!config.windows.empty()) {
        std::vector<std::string> names;
        for (const auto& [name, window] : config.windows) {
            names.push_back(name);
        }
        rep.error(Pos{1, 1}, "service-windows.toml defines several windows but no `default`; "
                             "add e.g. default = \"" +
                                 names.front() + "\" (windows: " + quoted_list(names) + ")");
    }
}

} // namespace itsm::config::internal
