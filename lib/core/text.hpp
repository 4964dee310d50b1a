#pragma once
// Small helpers on text shared by the parsers and the renderers.

#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>

namespace itsm::core {

/// `s` without the white space (as std::isspace) at either end.
inline std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
        s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
        s.remove_suffix(1);
    }
    return s;
}

/// "1 open ticket", "2 open tickets": `n` and `noun`, with an "s" unless `n` is one.
inline std::string count_of(std::size_t n, std::string_view noun) {
    return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

} // namespace itsm::core
