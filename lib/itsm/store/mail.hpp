#pragma once
// Incoming mail in the store (tables `mail` and `attachments`, docs/mail.md): each message
// kept with what became of it, and the files that came with it; each store implements it
// (sqlite/mail.hpp).

#include <itsm/time/instant.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace itsm::store {

/// One stored file, without its bytes.
struct StoredFile {
    long long id = 0;
    long long ticket = 0;
    std::string filename;
    std::string content_type;
    long long size = 0;
};

/// A message received, as it is kept.
struct ReceivedMail {
    std::string key;      // its Message-ID, or "sha256:" and the hash of a message without one
    long long ticket = 0; // 0 = none
    long long event = 0;
    std::string outcome;
    std::string sender;
    bool acknowledged = false;
    time::Instant received_at;
    std::string_view raw;
};

/// A file that came with a message.
struct NewFile {
    std::string filename;
    std::string content_type;
    std::string_view data;
};

/// A message stored already: the ticket it went to (0 = none).
struct SeenMail {
    long long ticket = 0;
};

/// The store's incoming mail.
class Mailbox {
public:
    virtual ~Mailbox() = default;
    /// The message stored under `key`, if there is one.
    virtual std::optional<SeenMail> seen(const std::string& key) = 0;
    /// How many acknowledgements went to `sender` for messages received after `since`.
    virtual long long acknowledgements_since(const std::string& sender, time::Instant since) = 0;
    /// The Message-ID of the customer's last message on a ticket; "" when none (or it had none).
    virtual std::string last_received(long long ticket) = 0;
    /// Keeps a message and, with it, `files` of its ticket. Inside a write transaction.
    virtual void record(const ReceivedMail& mail, const std::vector<NewFile>& files) = 0;
    /// The files of a ticket, in the order they came.
    virtual std::vector<StoredFile> attachments_of(long long ticket) = 0;
    /// A file and its bytes; nullopt when there is no attachment `id`.
    virtual std::optional<std::pair<StoredFile, std::string>> attachment(long long id) = 0;
};

} // namespace itsm::store
