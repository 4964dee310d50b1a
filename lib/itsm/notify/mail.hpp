#pragma once
// RFC 5322 messages: headers made safe and RFC 2047-encoded for UTF-8, a quoted-printable body.

#include <itsm/time/instant.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace itsm::notify {

/// A message before it is rendered. Addresses are checked by `is_address`.
struct Mail {
    std::string from; // "" leaves the From header to the sending program
    std::vector<std::string> to;
    std::vector<std::string> cc;
    std::string subject;
    std::string body;        // UTF-8 text, lines separated by "\n"
    std::string message_id;  // without angle brackets: "itsm.42.7@example.org"
    std::string references;  // the ticket's thread, without angle brackets; "" = none
    std::string in_reply_to; // the message answered, without angle brackets; "" = none
    time::Instant date;
    bool automatic = true; // a notice (Auto-Submitted: auto-generated); false for a person's reply
};

/// True for a plain address (local@domain) that is safe in a header: no spaces, controls,
/// quotes, commas or angle brackets.
bool is_address(std::string_view text);

/// A header line "Name: value" ready to write, CRLF-terminated: every control character of
/// `value` (CR and LF included) becomes a space, so a value can never start another header;
/// non-ASCII text becomes RFC 2047 encoded-words (UTF-8, base64); long lines are folded.
std::string header(std::string_view name, std::string_view value);

/// `text` as RFC 2047 encoded-words of at most 75 characters, split on character boundaries
/// and separated by CRLF SP (folding whitespace).
std::string encoded_words(std::string_view text);

/// Quoted-printable (RFC 2045) of UTF-8 text; lines end in CRLF, none longer than 76.
std::string quoted_printable(std::string_view text);

/// "Sun, 29 Nov 2026 16:58:11 +0000".
std::string rfc5322_date(time::Instant at);

/// The whole message, CRLF line endings, UTF-8 body in quoted-printable.
std::string render(const Mail& mail);

} // namespace itsm::notify
