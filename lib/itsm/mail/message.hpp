#pragma once
// One RFC 5322 message as the desk reads it, parsed by GMime: who wrote, to whom, the threading
// headers, the text (UTF-8), the attachments, and what marks it as automatic.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace itsm::mail {

/// A file carried by the message (a part with a file name or an attachment disposition, or a
/// forwarded message).
struct Attachment {
    std::string filename;
    std::string content_type; // "image/png"
    std::string data;         // the decoded bytes
};

/// What the desk needs from a message.
struct Message {
    std::string message_id; // without angle brackets; "" when the message has none
    std::string subject;    // RFC 2047 decoded, UTF-8, control characters made spaces
    std::string from_name;
    std::string from_address;            // lower case
    std::string reply_to;                // the first Reply-To address, lower case; "" when none
    std::vector<std::string> recipients; // To and Cc addresses, lower case
    std::vector<std::string> thread_ids; // In-Reply-To, then References
    std::string auto_submitted;          // the header's value, lower case
    std::string precedence;              // likewise
    std::string list_id;                 // List-Id: a mailing list's copy
    bool delivery_report = false;        // multipart/report; report-type=delivery-status
    std::string text;                    // the body as UTF-8 text (HTML made readable)
    std::string embedded;                // headers and text of forwarded or returned messages
    std::vector<Attachment> attachments;
};

/// Parses `raw`; throws MailError (permanent) when it is not a message at all.
Message parse(std::string_view raw);

/// Readable text from HTML: tags dropped, blocks and line breaks made new lines, entities
/// decoded, script and style left out.
std::string html_to_text(std::string_view html);

/// `text` as valid UTF-8 with no control characters but tab and newline (CR LF made LF).
std::string clean_text(std::string_view text);

/// clean_text's `text` on one line, each tab and line break a space: what a header gives a
/// ticket's one-line fields (title, requester, a file's name).
std::string one_line(std::string_view text);

/// The text of a reply without the history it quotes: cut at an Outlook or Gmail quotation
/// header ("-----Original Message-----", "From: ... Sent:", "On ... wrote:") and without
/// trailing lines quoted with '>'.
std::string without_quoted(std::string_view text);

/// The Message-IDs in a header value: each <...> in order, without the brackets.
std::vector<std::string> message_ids(std::string_view value);

} // namespace itsm::mail
