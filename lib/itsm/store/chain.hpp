#pragma once
// The audit chain: every event row carries SHA-256(hash of the event before it || the event's
// content), so a changed, inserted or deleted history row breaks the chain (docs/security.md).

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace itsm::store {

/// A SHA-256 digest.
using Hash = std::array<unsigned char, 32>;

/// The hash before the first event: 32 zero bytes.
constexpr Hash k_genesis{};

/// Hex digits of a hash (64 characters).
std::string to_hex(const Hash& hash);

/// Hashes events one after the other with one reused digest context (the import path hashes
/// millions of rows).
class Chain {
public:
    Chain();
    ~Chain();
    Chain(const Chain&) = delete;
    Chain& operator=(const Chain&) = delete;

    /// SHA-256 of `previous` and the event's stored columns in a fixed binary layout:
    /// ticket and at as 8-byte big-endian integers, actor, kind and detail each as a 4-byte
    /// big-endian length followed by their bytes.
    Hash next(const Hash& previous, std::int64_t ticket, std::int64_t at, std::string_view actor,
              std::string_view kind, std::string_view detail);

private:
    struct Context;
    std::unique_ptr<Context> m_ctx;
};

/// The hash of the last event of the store (k_genesis when it has none or it has no hash).
/// Call inside the write transaction that appends after it.
Hash head(sqlite3* db);

/// Hashes, in id order, every event that has no hash yet, each continuing from the event just
/// before it; returns how many were sealed. Used by the migration that adds the column.
long long seal(sqlite3* db);

/// One place where the chain does not hold.
struct ChainBreak {
    long long event = 0; // the event id
    long long ticket = 0;
    std::string message;
};

struct ChainReport {
    long long events = 0;
    Hash head = k_genesis;
    std::vector<ChainBreak> breaks; // at most `max_breaks`
    long long total_breaks = 0;
};

/// Recomputes the chain one stored event at a time, in id order: the walk of verify_chain, and of
/// a store that reads its events otherwise (the PostgreSQL store).
class ChainCheck {
public:
    explicit ChainCheck(std::size_t max_breaks) : m_max_breaks(max_breaks) {}
    /// The next event, with its stored hash (nullopt when it has none of the right size).
    void add(long long id, long long ticket, std::int64_t at, std::string_view actor,
             std::string_view kind, std::string_view detail, const std::optional<Hash>& stored);
    /// What was found so far; the head is the last event's stored hash.
    const ChainReport& report() const { return m_report; }

private:
    Chain m_chain;
    ChainReport m_report;
    Hash m_previous = k_genesis;
    long long m_previous_id = 0;
    std::size_t m_max_breaks;
};

/// Walks every event in id order and recomputes its hash.
ChainReport verify_chain(sqlite3* db, std::size_t max_breaks = 20);

} // namespace itsm::store
