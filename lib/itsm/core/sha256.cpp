#include <itsm/core/sha256.hpp>

#include <nettle/sha2.h>

#include <cstdint>

namespace itsm::core {

std::string sha256_hex(std::string_view data) {
    sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, data.size(), reinterpret_cast<const std::uint8_t*>(data.data()));
    std::uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string hex(2 * SHA256_DIGEST_SIZE, '0');
    for (std::size_t i = 0; i < SHA256_DIGEST_SIZE; ++i) {
        hex[2 * i] = k_digits[digest[i] >> 4];
        hex[2 * i + 1] = k_digits[digest[i] & 0x0F];
    }
    return hex;
}

} // namespace itsm::core
