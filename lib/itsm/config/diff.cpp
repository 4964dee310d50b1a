// `itsm config diff`: what changed between two versions of the terms, file by file, as unified
// hunks of the text `config show` prints (the Diff Template Library finds them).
#include <itsm/config/config.hpp>

#include <dtl/dtl.hpp>

#include <sstream>

namespace itsm::config {

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        out.push_back(std::move(line));
    }
    return out;
}

} // namespace

std::string diff(const Config& from, std::string_view from_label, const Config& to,
                 std::string_view to_label) {
    const auto before = to_toml_files(from);
    const auto after = to_toml_files(to);
    std::string out;
    for (const auto& [file, text] : before) {
        const auto a = lines_of(text);
        const auto b = lines_of(after.at(file));
        if (a == b) {
            continue;
        }
        dtl::Diff<std::string> d(a, b);
        d.compose();
        d.composeUnifiedHunks();
        std::ostringstream hunks;
        d.printUnifiedFormat(hunks);
        out += "--- " + file + " (" + std::string(from_label) + ")\n";
        out += "+++ " + file + " (" + std::string(to_label) + ")\n";
        out += hunks.str();
    }
    return out;
}

} // namespace itsm::config
