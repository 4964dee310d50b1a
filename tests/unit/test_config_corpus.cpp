// lib/config: the corpus of broken configurations in tests/config/. Each case is a folder
// with the files to check and an expected.txt listing every diagnostic as
// `file:line:column: severity: message-substring`. Lines starting with '#' are comments;
// `#! strict` checks with --strict, `#! year N` sets the current year (default 2026).
#include <itsm/config/config.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace itsm::config;

namespace {

struct Expected {
    std::string file;
    int line = 0;
    int column = 0;
    std::string severity;
    std::string message;
    std::string text;
};

struct Case {
    std::vector<Expected> expected;
    CheckOptions options{.strict = false, .year = 2026};
};

Case read_case(const fs::path& dir) {
    Case c;
    std::ifstream in(dir / "expected.txt");
    static const std::regex line_re(R"(^([^:]*):(\d+):(\d+): (error|warning): (.*)$)");
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with("#! strict")) {
            c.options.strict = true;
        } else if (line.starts_with("#! year ")) {
            c.options.year = std::stoi(line.substr(8));
        } else if (line.empty() || line.starts_with("#")) {
            continue;
        } else {
            std::smatch m;
            REQUIRE_MESSAGE(std::regex_match(line, m, line_re), "bad expected line: " << line);
            c.expected.push_back(
                Expected{m[1], std::stoi(m[2]), std::stoi(m[3]), m[4], m[5], line});
        }
    }
    return c;
}

bool matches(const Expected& e, const Diagnostic& d) {
    const char* severity = d.severity == Diagnostic::Severity::error ? "error" : "warning";
    return e.file == d.file && e.line == d.line && e.column == d.column && e.severity == severity &&
           d.message.find(e.message) != std::string::npos;
}

} // namespace

TEST_CASE("every broken configuration of tests/config gets exactly its diagnostics") {
    fs::path root = fs::path(ITSM_SOURCE_DIR) / "tests" / "config";
    std::vector<fs::path> cases;
    for (const auto& entry : fs::directory_iterator(root)) {
        if (entry.is_directory()) {
            cases.push_back(entry.path());
        }
    }
    std::sort(cases.begin(), cases.end());
    CHECK(cases.size() >= 25);
    for (const auto& dir : cases) {
        INFO("case " << dir.filename().string());
        REQUIRE(fs::exists(dir / "expected.txt"));
        Case c = read_case(dir);
        LoadResult result = check(dir, c.options);
        std::vector<bool> used(result.diagnostics.size(), false);
        for (const auto& e : c.expected) {
            bool found = false;
            for (std::size_t i = 0; i < result.diagnostics.size() && !found; ++i) {
                if (!used[i] && matches(e, result.diagnostics[i])) {
                    used[i] = true;
                    found = true;
                }
            }
            CHECK_MESSAGE(found, "expected but not reported: " << e.text << "\nreported:\n"
                                                               << render_text(result));
        }
        for (std::size_t i = 0; i < used.size(); ++i) {
            CHECK_MESSAGE(used[i], "reported but not expected: " << format(result.diagnostics[i]));
        }
        bool errors_expected = std::any_of(c.expected.begin(), c.expected.end(),
                                           [](const Expected& e) { return e.severity == "error"; });
        CHECK(result.has_errors() == errors_expected);
    }
}
