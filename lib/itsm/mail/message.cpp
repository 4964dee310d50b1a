#include <itsm/mail/error.hpp>
#include <itsm/mail/gmime.hpp>
#include <itsm/mail/message.hpp>
#include <itsm/model/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <strings.h>

namespace itsm::mail {

namespace {

using internal::gmime;
using internal::is_a;

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string or_empty(const char* text) {
    return text != nullptr ? std::string(text) : std::string();
}

bool same(const char* a, const char* b) {
    return a != nullptr && strcasecmp(a, b) == 0;
}

// The first plain mailbox of a list: its address (lower case) and name.
std::pair<std::string, std::string> first_mailbox(InternetAddressList* list) {
    const auto& g = gmime();
    if (list == nullptr) {
        return {};
    }
    const int n = g.internet_address_list_length(list);
    for (int i = 0; i < n; ++i) {
        InternetAddress* a = g.internet_address_list_get_address(list, i);
        if (is_a(a, g.internet_address_mailbox_get_type())) {
            auto* box = reinterpret_cast<InternetAddressMailbox*>(a);
            return {lower(or_empty(g.internet_address_mailbox_get_addr(box))),
                    or_empty(g.internet_address_get_name(a))};
        }
    }
    return {};
}

void add_mailboxes(InternetAddressList* list, std::vector<std::string>& out) {
    const auto& g = gmime();
    if (list == nullptr) {
        return;
    }
    const int n = g.internet_address_list_length(list);
    for (int i = 0; i < n; ++i) {
        InternetAddress* a = g.internet_address_list_get_address(list, i);
        if (is_a(a, g.internet_address_mailbox_get_type())) {
            auto* box = reinterpret_cast<InternetAddressMailbox*>(a);
            out.push_back(lower(or_empty(g.internet_address_mailbox_get_addr(box))));
        }
    }
}

std::string header_of(GMimeObject* object, const char* name) {
    return or_empty(gmime().g_mime_object_get_header(object, name));
}

std::string bytes_of(GMimeStream* mem) {
    const auto& g = gmime();
    g.g_mime_stream_flush(mem);
    GByteArray* bytes = g.g_mime_stream_mem_get_byte_array(reinterpret_cast<GMimeStreamMem*>(mem));
    return bytes == nullptr ? std::string()
                            : std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

// The part's content with its transfer encoding undone; converted to UTF-8 from `charset`
// by GMime's charset filter when one is given and known.
std::string content_of(GMimePart* part, const char* charset) {
    const auto& g = gmime();
    GMimeDataWrapper* content = g.g_mime_part_get_content(part);
    if (content == nullptr) {
        return {};
    }
    GMimeStream* mem = g.g_mime_stream_mem_new();
    GMimeFilter* convert =
        charset != nullptr && !same(charset, "utf-8") && !same(charset, "us-ascii")
            ? g.g_mime_filter_charset_new(charset, "UTF-8")
            : nullptr;
    if (convert != nullptr) {
        GMimeStream* filtered = g.g_mime_stream_filter_new(mem);
        g.g_mime_stream_filter_add(reinterpret_cast<GMimeStreamFilter*>(filtered), convert);
        g.g_mime_data_wrapper_write_to_stream(content, filtered);
        g.g_mime_stream_flush(filtered);
        g.g_object_unref(convert);
        g.g_object_unref(filtered);
    } else {
        g.g_mime_data_wrapper_write_to_stream(content, mem);
    }
    std::string out = bytes_of(mem);
    g.g_object_unref(mem);
    return out;
}

// A message starts with a header field ("Name:", the name printable ASCII) or an mbox
// "From " line.
bool starts_with_header(std::string_view raw) {
    if (raw.starts_with("From ")) {
        return true;
    }
    const auto colon = raw.find(':');
    if (colon == 0 || colon == std::string_view::npos) {
        return false;
    }
    return std::all_of(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(colon),
                       [](char c) { return c > ' ' && c < 0x7F; });
}

class Walker {
public:
    explicit Walker(Message& m) : m_message(m) {}

    void walk(GMimeObject* object, bool alternative) {
        const auto& g = gmime();
        if (is_a(object, g.g_mime_multipart_get_type())) {
            auto* multipart = reinterpret_cast<GMimeMultipart*>(object);
            GMimeContentType* type = g.g_mime_object_get_content_type(object);
            const bool alt = same(g.g_mime_content_type_get_media_subtype(type), "alternative");
            const int n = g.g_mime_multipart_get_count(multipart);
            // In an alternative, the plain text first: it is the body when there is one.
            for (int pass = 0; pass < (alt ? 2 : 1); ++pass) {
                for (int i = 0; i < n; ++i) {
                    GMimeObject* child = g.g_mime_multipart_get_part(multipart, i);
                    if (alt && (is_plain(child) != (pass == 0))) {
                        continue;
                    }
                    walk(child, alt);
                }
            }
            return;
        }
        if (is_a(object, g.g_mime_message_part_get_type())) {
            embedded_message(reinterpret_cast<GMimeMessagePart*>(object));
            return;
        }
        if (is_a(object, g.g_mime_part_get_type())) {
            leaf(reinterpret_cast<GMimePart*>(object), alternative);
        }
    }

private:
    static bool is_plain(GMimeObject* object) {
        const auto& g = gmime();
        GMimeContentType* type = g.g_mime_object_get_content_type(object);
        return type != nullptr && same(g.g_mime_content_type_get_media_type(type), "text") &&
               same(g.g_mime_content_type_get_media_subtype(type), "plain");
    }

    void embedded_message(GMimeMessagePart* part) {
        const auto& g = gmime();
        GMimeMessage* inner = g.g_mime_message_part_get_message(part);
        if (inner == nullptr) {
            return;
        }
        char* raw = g.g_mime_object_to_string(reinterpret_cast<GMimeObject*>(inner), nullptr);
        std::string text = or_empty(raw);
        g.g_free(raw);
        const std::string subject = or_empty(g.g_mime_message_get_subject(inner));
        m_message.embedded +=
            "Subject: " + subject + "\n" + text.substr(0, text.find("\n\n")) + "\n";
        m_message.attachments.push_back(
            {subject.empty() ? "message.eml" : subject + ".eml", "message/rfc822", text});
    }

    void leaf(GMimePart* part, bool alternative) {
        const auto& g = gmime();
        auto* object = reinterpret_cast<GMimeObject*>(part);
        GMimeContentType* type = g.g_mime_object_get_content_type(object);
        const char* media = type != nullptr ? g.g_mime_content_type_get_media_type(type) : "text";
        const char* sub = type != nullptr ? g.g_mime_content_type_get_media_subtype(type) : "plain";
        const std::string filename = or_empty(g.g_mime_part_get_filename(part));
        GMimeContentDisposition* disposition = g.g_mime_object_get_content_disposition(object);
        const bool attached =
            disposition != nullptr && g.g_mime_content_disposition_is_attachment(disposition);
        const bool text = same(media, "text") || same(media, "message");
        if (text && filename.empty() && !attached) {
            const char* charset =
                type != nullptr ? g.g_mime_content_type_get_parameter(type, "charset") : nullptr;
            const bool html = same(sub, "html");
            if (same(sub, "plain") || html) {
                if (m_text_taken && (alternative || html)) {
                    return; // another form of the body
                }
                std::string body = decoded_text(content_of(part, charset));
                body = html ? html_to_text(body) : clean_text(body);
                m_message.text += (m_message.text.empty() ? "" : "\n\n") + body;
                m_text_taken = true;
                return;
            }
            // Delivery reports and the returned message's headers: what bounces are matched by.
            if (same(sub, "rfc822-headers") || same(sub, "delivery-status") ||
                same(sub, "global-headers")) {
                m_message.embedded += clean_text(decoded_text(content_of(part, charset))) + "\n";
                return;
            }
        }
        std::string name = filename;
        if (name.empty()) {
            name = fmt::format("part-{}.{}", m_message.attachments.size() + 1,
                               sub != nullptr ? sub : "bin");
        }
        m_message.attachments.push_back({one_line(name),
                                         fmt::format("{}/{}", or_empty(media), or_empty(sub)),
                                         content_of(part, nullptr)});
    }

    // Text that is not valid UTF-8 after its charset (none given, or a wrong one) is read as
    // 8-bit text in the charsets GMime falls back to.
    static std::string decoded_text(std::string bytes) {
        if (model::valid_utf8(bytes)) {
            return bytes;
        }
        const auto& g = gmime();
        char* utf8 = g.g_mime_utils_decode_8bit(nullptr, bytes.data(), bytes.size());
        std::string out = or_empty(utf8);
        g.g_free(utf8);
        return out;
    }

    Message& m_message;
    bool m_text_taken = false;
};

} // namespace

Message parse(std::string_view raw) {
    const auto& g = gmime();
    if (raw.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        throw MailError(MailError::Kind::permanent, "the message is empty");
    }
    if (!starts_with_header(raw)) {
        throw MailError(MailError::Kind::permanent,
                        "the input is not an RFC 5322 message: it does not start with a header "
                        "field");
    }
    GMimeStream* stream = g.g_mime_stream_mem_new_with_buffer(raw.data(), raw.size());
    GMimeParser* parser = g.g_mime_parser_new_with_stream(stream);
    GMimeMessage* message = g.g_mime_parser_construct_message(parser, nullptr);
    g.g_object_unref(parser);
    g.g_object_unref(stream);
    if (message == nullptr) {
        throw MailError(MailError::Kind::permanent,
                        "the input is not an RFC 5322 message: its header could not be read");
    }
    Message m;
    auto* object = reinterpret_cast<GMimeObject*>(message);
    m.message_id = clean_text(or_empty(g.g_mime_message_get_message_id(message)));
    m.subject = one_line(or_empty(g.g_mime_message_get_subject(message)));
    std::tie(m.from_address, m.from_name) = first_mailbox(g.g_mime_message_get_from(message));
    m.from_name = one_line(m.from_name);
    m.reply_to = first_mailbox(g.g_mime_message_get_reply_to(message)).first;
    add_mailboxes(g.g_mime_message_get_to(message), m.recipients);
    add_mailboxes(g.g_mime_message_get_cc(message), m.recipients);
    for (const char* name : {"In-Reply-To", "References"}) {
        for (auto& id : message_ids(header_of(object, name))) {
            m.thread_ids.push_back(std::move(id));
        }
    }
    m.auto_submitted = lower(clean_text(header_of(object, "Auto-Submitted")));
    m.precedence = lower(clean_text(header_of(object, "Precedence")));
    m.list_id = clean_text(header_of(object, "List-Id"));
    if (GMimeObject* body = g.g_mime_message_get_mime_part(message)) {
        GMimeContentType* type = g.g_mime_object_get_content_type(body);
        m.delivery_report =
            type != nullptr && same(g.g_mime_content_type_get_media_subtype(type), "report") &&
            same(g.g_mime_content_type_get_parameter(type, "report-type"), "delivery-status");
        Walker(m).walk(body, false);
    }
    g.g_object_unref(message);
    return m;
}

} // namespace itsm::mail
