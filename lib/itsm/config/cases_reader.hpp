#pragma once
// Internal to lib/itsm/config: reading the fields of one [[case]] of a case file (cases.cpp), with
// diagnostics at their positions, like the configuration files (draft.hpp).

#include <itsm/config/cases.hpp>
#include <itsm/config/draft.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace itsm::config::internal {

/// The example every message about a time gives.
inline const std::string k_time_example = "\"2026-11-27 17:30\"";

/// Reads the fields of a case; each read reports what is wrong and then returns nullopt, ""
/// or false.
class CaseReader {
public:
    CaseReader(Reporter& rep, const Config& config) : m_rep(rep), m_config(config) {}

    /// A local time in the configuration's timezone, RFC 3339, or a TOML date-time; not "now".
    std::optional<time::Instant> time(const toml::node& node, std::string_view key);
    /// A priority, service or group that the configuration defines.
    std::string priority(const toml::node& node);
    std::string service(const toml::node& node);
    std::string group(const toml::node& node);
    /// One element of `steps`; `logged`, when known, is the earliest time it may have.
    std::optional<CaseStep> step(const toml::node& node, std::optional<time::Instant> logged);
    /// `holds`, appended to `steps` as hold and resume steps.
    bool holds(const toml::node& node, std::optional<time::Instant> logged,
               std::vector<CaseStep>& steps);
    /// One key of `expect`.
    std::optional<CaseValue> expectation(std::string_view key, const toml::node& node);
    /// `expect.ola`: per group, expectations of its OLA clocks (response_* and resolve_* keys)
    /// appended to `out`; false after reporting a problem.
    bool ola_expectations(const toml::node& node, std::vector<CaseValue>& out);

private:
    Reporter& m_rep;
    const Config& m_config;
};

} // namespace itsm::config::internal
