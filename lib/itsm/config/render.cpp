// The three output formats of `sla-check --config-only`: text, JSON (docs/ci.md), GitHub.
#include <itsm/config/config.hpp>
#include <itsm/core/text.hpp>

#include <nlohmann/json.hpp>

namespace itsm::config {

namespace {

const char* severity_name(Diagnostic::Severity s) {
    return s == Diagnostic::Severity::error ? "error" : "warning";
}

// Workflow-command escaping: data escapes % CR LF; properties also : and ,.
std::string escape_data(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '%':
            out += "%25";
            break;
        case '\r':
            out += "%0D";
            break;
        case '\n':
            out += "%0A";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string escape_property(std::string_view text) {
    std::string out;
    for (char c : escape_data(text)) {
        if (c == ':') {
            out += "%3A";
        } else if (c == ',') {
            out += "%2C";
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

std::string render_text(const LoadResult& result) {
    std::string out;
    std::size_t errors = 0;
    std::size_t promoted = 0;
    for (const auto& d : result.diagnostics) {
        out += format(d) + "\n";
        errors += d.severity == Diagnostic::Severity::error && !d.promoted ? 1 : 0;
        promoted += d.promoted ? 1 : 0;
    }
    const std::size_t warnings = result.diagnostics.size() - errors - promoted;
    out += core::count_of(errors, "error") + ", " +
           (promoted > 0 ? core::count_of(promoted, "warning") + " made errors by --strict"
                         : core::count_of(warnings, "warning")) +
           "\n";
    return out;
}

std::string render_json(const LoadResult& result) {
    nlohmann::json diagnostics = nlohmann::json::array();
    for (const auto& d : result.diagnostics) {
        diagnostics.push_back({{"file", d.file},
                               {"line", d.line},
                               {"column", d.column},
                               {"severity", severity_name(d.severity)},
                               {"message", d.message}});
        if (d.promoted) {
            diagnostics.back()["promoted"] = true;
        }
    }
    nlohmann::json doc = {{"valid", !result.has_errors()},
                          {"files", result.config.files},
                          {"diagnostics", diagnostics}};
    return doc.dump(2) + "\n";
}

std::string render_github(const LoadResult& result) {
    std::string out;
    for (const auto& d : result.diagnostics) {
        out += "::";
        out += severity_name(d.severity);
        std::string properties;
        if (!d.file.empty()) {
            properties += "file=" + escape_property((result.config.dir / d.file).string());
            if (d.line > 0) {
                properties += ",line=" + std::to_string(d.line);
                if (d.column > 0) {
                    properties += ",col=" + std::to_string(d.column);
                }
            }
        }
        if (!properties.empty()) {
            out += " " + properties;
        }
        out += "::" + escape_data(d.message + (d.promoted ? " [--strict]" : "")) + "\n";
    }
    return out;
}

} // namespace itsm::config
