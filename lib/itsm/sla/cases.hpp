#pragma once
// Running SLA case files (docs/ci.md): each case becomes the events the commands would record,
// evaluated with the same engine as live tickets, and compared with what it expects.

#include <itsm/config/cases.hpp>
#include <itsm/config/config.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace itsm::sla {

/// The outcome of one case.
struct CaseResult {
    std::string name;
    int line = 0;
    bool passed = false;
    std::vector<config::CaseValue> expected; // as written, in file order
    std::vector<config::CaseValue> actual;   // what the engine says, parallel to `expected`
    /// One diagnostic per failed expectation (at its line), or per problem running the case;
    /// messages read "resolve due expected 2026-11-30 08:30, got 2026-11-30 09:30".
    std::vector<config::Diagnostic> failures;
};

/// The outcome of a case file.
struct CaseReport {
    std::string file;
    std::vector<CaseResult> results;
    std::size_t passed() const;
    std::size_t failed() const;
};

/// Runs every case of `cases` against `config` (which must be valid). Times in messages are
/// local to the configuration's timezone.
CaseReport run_cases(const config::Config& config, const config::CaseFile& cases);

/// The case file's diagnostics, then "PASS name" / "FAIL name: ..." lines and "N passed, M
/// failed"; `report` is null when the cases did not run (the case file or the configuration
/// has errors), which a last line says.
std::string render_text(const config::CaseFile& cases, const CaseReport* report);

/// [{"name", "passed", "expected": {...}, "actual": {...}, "failures": [...]}]; instants are UTC
/// RFC 3339, a missing due or target is null.
nlohmann::json to_json(const CaseReport& report);

/// `sla-check --config-only --format json` with cases: the configuration's document (docs/ci.md)
/// plus "cases"; the case file's own diagnostics join "diagnostics", and "valid" is false when
/// any case failed or the case file has errors.
std::string render_json(const config::LoadResult& config, const config::CaseFile& cases,
                        const CaseReport* report);

/// GitHub workflow commands: "::error file=FILE,line=L,col=C::..." for each diagnostic of the
/// case file and each failed expectation, then the "N passed, M failed" line.
std::string render_github(const config::CaseFile& cases, const CaseReport* report);

} // namespace itsm::sla
