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

/// The hash written as 64 hex digits (either case), or nullopt when `hex` is not one.
std::optional<Hash> from_hex(std::string_view hex);

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
    // The stored hash of the event numbered `mark` in the walk (1 = the first; k_genesis for
    // 0), when the chain has that many events: what `itsm check --expect-head` compares.
    std::optional<Hash> marked;
};

/// The chain's head as a report carries it and `itsm check --expect-head` takes it back: how
/// many events the chain has and the stored hash of the last (k_genesis when none).
struct ChainHead {
    long long count = 0;
    Hash hash = k_genesis;
};

/// "COUNT:HASH", the form `itsm check --expect-head` reads.
std::string to_string(const ChainHead& head);

/// The head of "COUNT:HASH" (a whole number, a colon, 64 hex digits in either case), or nullopt
/// when `text` is not one.
std::optional<ChainHead> parse_head(std::string_view text);

/// Recomputes the chain one stored event at a time, in id order: the walk of verify_chain, and of
/// a store that reads its events otherwise (the PostgreSQL store).
class ChainCheck {
public:
    /// `mark`: the number of the event whose stored hash the report keeps (0: none but the
    /// genesis).
    explicit ChainCheck(std::size_t max_breaks, long long mark = 0)
        : m_max_breaks(max_breaks), m_mark(mark) {
        if (mark == 0) {
            m_report.marked = k_genesis;
        }
    }
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
    long long m_mark;
};

/// Walks every event in id order and recomputes its hash; keeps the stored hash of event number
/// `mark` (ChainCheck).
ChainReport verify_chain(sqlite3* db, std::size_t max_breaks = 20, long long mark = 0);

} // namespace itsm::store
