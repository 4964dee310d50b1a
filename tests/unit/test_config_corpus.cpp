// lib/itsm/config: the corpus of broken configurations in tests/config/. Each case is a folder
// with the files to check and an expected.txt listing every diagnostic as
// `file:line:column: severity: message-substring`. Lines starting with '#' are comments;
// `#! strict` checks with --strict, `#! year N` sets the current year (default 2026).
#include <itsm/config/config.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
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

// "file:line:column: severity: message" -> Expected; nullopt when the line is not one.
std::optional<Expected> parse_expected(const std::string& line) {
    Expected e;
    e.text = line;
    auto first = line.find(':');
    auto second = first == std::string::npos ? first : line.find(':', first + 1);
    auto third = second == std::string::npos ? second : line.find(':', second + 1);
    if (third == std::string::npos) {
        return std::nullopt;
    }
    e.file = line.substr(0, first);
    try {
        e.line = std::stoi(line.substr(first + 1, second - first - 1));
        e.column = std::stoi(line.substr(second + 1, third - second - 1));
    } catch (const std::exception&) {
        return std::nullopt;
    }
    std::string rest = line.substr(third + 1);
    for (const char* severity : {"error", "warning"}) {
        std::string prefix = std::string(" ") + severity + ": ";
        if (rest.starts_with(prefix)) {
            e.severity = severity;
            e.message = rest.substr(prefix.size());
            return e;
        }
    }
    return std::nullopt;
}

Case read_case(const fs::path& dir) {
    Case c;
    std::ifstream in(dir / "expected.txt");
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with("#! strict")) {
            c.options.strict = true;
        } else if (line.starts_with("#! year ")) {
            c.options.year = std::stoi(line.substr(8));
        } else if (line.empty() || line.starts_with("#")) {
            continue;
        } else {
            auto expected = parse_expected(line);
            REQUIRE_MESSAGE(expected.has_value(), "bad expected line: " << line);
            c.expected.push_back(*expected);
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
        LoadResult result = check_files(dir, c.options);
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
