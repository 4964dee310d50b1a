// Lookups over the examples embedded at build time.
#include <itsm/examples/examples.hpp>

#include <algorithm>

namespace itsm::examples {

std::span<const File> all() {
    return internal::embedded();
}

std::vector<std::string> names() {
    std::vector<std::string> out;
    for (const auto& f : all()) {
        if (f.name.ends_with(".toml") &&
            std::find(out.begin(), out.end(), f.example) == out.end()) {
            out.emplace_back(f.example);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<File> files_of(std::string_view example) {
    std::vector<File> out;
    for (const auto& f : all()) {
        if (f.example == example && f.name.ends_with(".toml")) {
            out.push_back(f);
        }
    }
    return out;
}

std::string title_of(std::string_view example) {
    for (const auto& f : all()) {
        if (f.example != example || f.name != "README.md") {
            continue;
        }
        std::string_view line = f.content.substr(0, f.content.find('\n'));
        while (!line.empty() && (line.front() == '#' || line.front() == ' ')) {
            line.remove_prefix(1);
        }
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
            line.remove_suffix(1);
        }
        return std::string(line);
    }
    return {};
}

} // namespace itsm::examples
