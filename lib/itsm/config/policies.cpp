// Policy versions: dated folders of terms, which version a ticket is measured by, and the hash
// that names a version in the store (docs/configuration.md, "Policy versions").
#include <itsm/config/draft.hpp>
#include <itsm/config/policies.hpp>

#include <algorithm>
#include <set>

namespace itsm::config {

namespace internal {

namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 3> k_policy_files = {k_settings_file, k_priorities_file,
                                                            k_windows_file};

// "2027-01-01" as a date, read as a holiday's date is; nullopt for anything else ("*-01-01"
// included: a version takes effect once).
std::optional<std::chrono::year_month_day> folder_date(std::string_view name) {
    const auto date = parse_date(name);
    if (!date || date->year == 0) {
        return std::nullopt;
    }
    return std::chrono::year_month_day{std::chrono::year{date->year},
                                       std::chrono::month{date->month},
                                       std::chrono::day{date->day}};
}

bool policy_file(std::string_view name) {
    return std::find(k_policy_files.begin(), k_policy_files.end(), name) != k_policy_files.end() ||
           (name.starts_with(std::string(k_calendars_dir) + "/") && name.ends_with(".toml"));
}

Diagnostic warning(std::string file, std::string message) {
    return Diagnostic{std::move(file), 0, 0, Diagnostic::Severity::warning, std::move(message)};
}

// One dated folder: its date and its own files, named as inside a configuration folder.
struct Dated {
    std::chrono::year_month_day date;
    std::string folder; // "policies/2027-01-01"
    Texts files;        // "priorities.toml" -> text
};

// Splits the texts into the top-level ones and the dated folders, oldest first.
std::vector<Dated> split(const Texts& texts, Texts& top, std::vector<Diagnostic>& early) {
    std::map<std::string, Dated> dated;
    const std::string prefix = std::string(k_policies_dir) + "/";
    std::set<std::string> told;
    for (const auto& [name, text] : texts) {
        if (!name.starts_with(prefix)) {
            top.emplace(name, text);
            continue;
        }
        const auto slash = name.find('/', prefix.size());
        const std::string folder = name.substr(0, slash);
        const std::string file = slash == std::string::npos ? "" : name.substr(slash + 1);
        const auto date = folder_date(std::string_view(folder).substr(prefix.size()));
        if (!date) {
            if (told.insert(folder).second) {
                early.push_back(warning(folder, "this folder is not read; name a policy folder "
                                                "by the date its terms take effect, "
                                                "e.g. policies/2027-01-01"));
            }
            continue;
        }
        if (!policy_file(file)) {
            early.push_back(warning(name, "this file is not read; a policy folder holds "
                                          "itsm.toml, priorities.toml, service-windows.toml "
                                          "and calendars/NAME.toml"));
            continue;
        }
        auto& d = dated[folder];
        d.date = *date;
        d.folder = folder;
        d.files.emplace(file, text);
    }
    std::vector<Dated> out;
    for (auto& [folder, d] : dated) {
        out.push_back(std::move(d));
    }
    return out;
}

} // namespace

void read_policy_files(const fs::path& dir, Texts& texts, std::vector<Diagnostic>& early) {
    std::error_code ec;
    for (const auto& folder : fs::directory_iterator(dir / k_policies_dir, ec)) {
        if (!folder.is_directory(ec)) {
            continue;
        }
        const std::string base =
            std::string(k_policies_dir) + "/" + folder.path().filename().string();
        for (const auto& entry : fs::directory_iterator(folder.path(), ec)) {
            read_toml_file(entry.path(), base + "/" + entry.path().filename().string(), texts,
                           early);
        }
        for (const auto& entry :
             fs::directory_iterator(folder.path() / std::string(k_calendars_dir), ec)) {
            read_toml_file(entry.path(),
                           base + "/" + std::string(k_calendars_dir) + "/" +
                               entry.path().filename().string(),
                           texts, early);
        }
    }
}

LoadResult load_versions(const Texts& texts, std::vector<Diagnostic> early,
                         const LoadVersion& load) {
    Texts current;
    const auto dated = split(texts, current, early);
    LoadResult result = load(current, std::move(early));
    result.config.policy = policy_hash(result.config);
    if (dated.empty()) {
        return result;
    }
    std::set<std::string> said;
    for (const auto& d : result.diagnostics) {
        said.insert(format(d));
    }
    // The first version again, for the list of versions (a window is not copied: it caches).
    auto versions = std::make_shared<std::vector<PolicyVersion>>();
    auto top = std::make_shared<Config>(load(current, {}).config);
    top->policy = result.config.policy;
    versions->push_back(PolicyVersion{std::nullopt, time::Instant::min(), "", top->policy, top});
    // Where each file of the version being built comes from: the top level or a folder.
    std::map<std::string, std::string> origin;
    for (const auto& d : dated) {
        for (const auto& [file, text] : d.files) {
            current[file] = text;
            origin[file] = d.folder + "/";
        }
        LoadResult version = load(current, {});
        for (auto& diagnostic : version.diagnostics) {
            if (!diagnostic.file.empty()) {
                if (auto it = origin.find(diagnostic.file); it != origin.end()) {
                    diagnostic.file = it->second + diagnostic.file;
                }
            }
            if (said.insert(format(diagnostic)).second) {
                result.diagnostics.push_back(std::move(diagnostic));
            }
        }
        auto config = std::make_shared<Config>(std::move(version.config));
        config->policy = policy_hash(*config);
        versions->push_back(PolicyVersion{d.date, time::start_of_day(d.date, result.config.zone),
                                          d.folder, config->policy, config});
    }
    for (auto& v : *versions) {
        std::const_pointer_cast<Config>(v.config)->versions_of = versions.get();
    }
    result.config.versions_of = versions.get();
    sort_diagnostics(result.diagnostics);
    result.config.versions = std::move(versions);
    return result;
}

} // namespace internal

const PolicyVersion* Config::policy_version_at(time::Instant at) const {
    if (versions_of == nullptr) {
        return nullptr;
    }
    auto it = std::upper_bound(versions_of->begin(), versions_of->end(), at,
                               [](time::Instant t, const PolicyVersion& v) { return t < v.from; });
    return it == versions_of->begin() ? &versions_of->front() : &*std::prev(it);
}

const Config& Config::policy_at(time::Instant at) const {
    const auto* version = policy_version_at(at);
    return version == nullptr ? *this : *version->config;
}

std::span<const PolicyVersion> Config::policy_versions() const {
    return versions_of == nullptr ? std::span<const PolicyVersion>() : *versions_of;
}

bool Config::has_policy(std::string_view hash) const {
    const auto all = policy_versions();
    return hash == policy || std::any_of(all.begin(), all.end(),
                                         [&](const PolicyVersion& v) { return v.hash == hash; });
}

} // namespace itsm::config
