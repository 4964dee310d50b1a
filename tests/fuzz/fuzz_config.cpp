// libFuzzer target: the configuration loader over three files cut from one input at "\n%%\n"
// (itsm.toml, priorities.toml, service-windows.toml), then a case file against the result.
// A valid configuration must render to TOML that loads again without errors.
#include <itsm/config/cases.hpp>
#include <itsm/config/config.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    static constexpr const char* k_names[] = {"itsm.toml", "priorities.toml",
                                              "service-windows.toml", "cases.toml"};
    std::map<std::string, std::string> files;
    std::string cases;
    for (std::size_t i = 0; i < 4; ++i) {
        const auto cut = input.find("\n%%\n");
        const std::string_view part = input.substr(0, cut);
        if (!part.empty() || cut != std::string_view::npos) {
            (i < 3 ? files[k_names[i]] : cases) = std::string(part);
        }
        if (cut == std::string_view::npos) {
            break;
        }
        input.remove_prefix(cut + 4);
    }
    const auto result = itsm::config::load_texts(files);
    for (const auto& d : result.diagnostics) {
        (void)itsm::config::format(d);
    }
    if (result.has_errors()) {
        return 0;
    }
    const auto again = itsm::config::load_texts(itsm::config::to_toml_files(result.config));
    if (again.has_errors()) {
        // The configuration shown by `itsm config show` must be one itsm accepts.
        std::abort();
    }
    if (!cases.empty()) {
        (void)itsm::config::parse_cases(cases, "cases.toml", result.config, false);
    }
    return 0;
}
