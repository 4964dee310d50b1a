#pragma once
// Text kept for views: copies of short strings packed into large blocks that never move, so a
// result made of many records can hold string_views instead of strings (one allocation per
// block instead of one per string, and records that move as plain bytes).

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace itsm::core {

class TextArena {
public:
    /// A copy of `text` that lives as long as the arena (also after the arena is moved).
    std::string_view keep(std::string_view text) {
        if (text.empty()) {
            return {};
        }
        if (m_blocks.empty() || m_free < text.size()) {
            const std::size_t size = std::max(k_block, text.size());
            m_blocks.push_back(std::make_unique_for_overwrite<char[]>(size));
            m_next = m_blocks.back().get();
            m_free = size;
        }
        char* at = m_next;
        std::memcpy(at, text.data(), text.size());
        m_next += text.size();
        m_free -= text.size();
        return {at, text.size()};
    }

private:
    static constexpr std::size_t k_block = 64 * 1024;
    std::vector<std::unique_ptr<char[]>> m_blocks;
    char* m_next = nullptr;
    std::size_t m_free = 0;
};

} // namespace itsm::core
