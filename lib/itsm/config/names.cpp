// The names a ticket may use (priorities, services, groups), shared by the desk's commands
// and the import.
#include <itsm/config/config.hpp>
#include <itsm/core/suggest.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace itsm::config {

std::string Config::unknown_priority(std::string_view id) const {
    if (find_priority(id) != nullptr) {
        return {};
    }
    std::vector<std::string> ids;
    for (const auto& p : priorities) {
        ids.push_back(p.id);
    }
    if (id.empty()) {
        return fmt::format("no priority; the priorities are {}", fmt::join(ids, ", "));
    }
    return fmt::format("unknown priority \"{}\"{}; the priorities are {}", id,
                       itsm::did_you_mean(id, ids), fmt::join(ids, ", "));
}

std::string Config::unknown_service(std::string_view id) const {
    if (id.empty() || find_service(id) != nullptr || allow_uncatalogued) {
        return {};
    }
    std::vector<std::string> ids;
    for (const auto& [key, service] : services) {
        ids.push_back(key);
    }
    return fmt::format("service \"{}\" is not in the catalogue{}; 'itsm services' lists the "
                       "catalogue",
                       id, itsm::did_you_mean(id, ids));
}

std::string Config::unknown_group(std::string_view name) const {
    const bool configured = std::find(files.begin(), files.end(), "itsm.toml") != files.end();
    if (name.empty() || !configured || find_group(name) != nullptr) {
        return {};
    }
    std::vector<std::string> names;
    for (const auto& g : groups) {
        names.push_back(g.name);
    }
    return fmt::format("unknown group \"{}\"{}; the groups are {}", name,
                       itsm::did_you_mean(name, names), fmt::join(names, ", "));
}

} // namespace itsm::config
