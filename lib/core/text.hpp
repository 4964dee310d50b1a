#pragma once
// Small helpers on text shared by the parsers.

#include <cctype>
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

} // namespace itsm::core
