#include <itsm/notify/mail.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace itsm::notify {

namespace {

constexpr std::string_view k_crlf = "\r\n";
constexpr std::size_t k_line = 78;

std::string base64(std::string_view bytes) {
    static constexpr std::string_view k_digits =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16U) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8U) |
                           static_cast<unsigned char>(bytes[i + 2]);
        for (int shift : {18, 12, 6, 0}) {
            out += k_digits[(n >> static_cast<unsigned>(shift)) & 63U];
        }
    }
    if (i < bytes.size()) {
        unsigned n = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16U;
        if (i + 1 < bytes.size()) {
            n |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8U;
        }
        out += k_digits[(n >> 18U) & 63U];
        out += k_digits[(n >> 12U) & 63U];
        out += i + 1 < bytes.size() ? k_digits[(n >> 6U) & 63U] : '=';
        out += '=';
    }
    return out;
}

// Controls (CR and LF among them) become spaces: a header value stays on its own line.
std::string flatten(std::string_view value) {
    std::string out(value);
    std::replace_if(
        out.begin(), out.end(),
        [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }, ' ');
    return out;
}

bool is_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// ASCII text folded at spaces so that no line passes 78 characters where it can be helped.
std::string fold(std::string_view text, std::size_t first_line_used) {
    std::string out;
    std::size_t used = first_line_used;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t space = text.find(' ', start + 1);
        if (space == std::string_view::npos) {
            space = text.size();
        }
        const std::string_view word = text.substr(start, space - start);
        if (used + word.size() > k_line && used > 1 && word.front() == ' ') {
            out += k_crlf;
            used = 0;
        }
        out += word;
        used += word.size();
        start = space;
    }
    return out;
}

} // namespace

bool is_address(std::string_view text) {
    const auto at = text.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 >= text.size() ||
        text.find('@', at + 1) != std::string_view::npos || text.size() > 254) {
        return false;
    }
    return std::none_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u <= 0x20 || u >= 0x7f ||
               std::string_view("\"(),:;<>[\\]").find(c) != std::string_view::npos;
    });
}

std::string encoded_words(std::string_view text) {
    // "=?UTF-8?B?" + base64 + "?=" within 75 characters: at most 45 bytes of text per word.
    constexpr std::size_t k_bytes = 45;
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = std::min(text.size(), start + k_bytes);
        // Never split a UTF-8 sequence: back off over continuation bytes.
        while (end < text.size() && end > start + 1 &&
               (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) {
            --end;
        }
        if (!out.empty()) {
            out += k_crlf;
            out += ' ';
        }
        out += "=?UTF-8?B?" + base64(text.substr(start, end - start)) + "?=";
        start = end;
    }
    return out;
}

std::string header(std::string_view name, std::string_view value) {
    const std::string flat = flatten(value);
    std::string out = std::string(name) + ": ";
    if (is_ascii(flat)) {
        out += fold(flat, out.size());
    } else {
        out += encoded_words(flat);
    }
    out += k_crlf;
    return out;
}

std::string quoted_printable(std::string_view text) {
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        std::size_t used = 0;
        for (std::size_t i = 0; i < line.size(); ++i) {
            const auto c = static_cast<unsigned char>(line[i]);
            const bool last = i + 1 == line.size();
            std::string piece;
            if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last)) {
                piece = static_cast<char>(c);
            } else {
                piece = fmt::format("={:02X}", c);
            }
            if (used + piece.size() > 75) {
                out += "=";
                out += k_crlf;
                used = 0;
            }
            out += piece;
            used += piece.size();
        }
        out += k_crlf;
        if (end == text.size()) {
            break;
        }
        start = end + 1;
    }
    return out;
}

std::string rfc5322_date(time::Instant at) {
    static constexpr std::array<std::string_view, 7> k_days = {"Sun", "Mon", "Tue", "Wed",
                                                               "Thu", "Fri", "Sat"};
    static constexpr std::array<std::string_view, 12> k_months = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto day = std::chrono::floor<std::chrono::days>(at);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::weekday wd{day};
    const std::chrono::hh_mm_ss hms{at - day};
    return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", k_days[wd.c_encoding()],
                       static_cast<unsigned>(ymd.day()),
                       k_months[static_cast<unsigned>(ymd.month()) - 1],
                       static_cast<int>(ymd.year()), hms.hours().count(), hms.minutes().count(),
                       hms.seconds().count());
}

std::string render(const Mail& mail) {
    std::string out;
    if (!mail.from.empty()) {
        out += header("From", mail.from);
    }
    auto addresses = [](const std::vector<std::string>& list) {
        std::string joined;
        for (const auto& a : list) {
            if (is_address(a)) {
                joined += (joined.empty() ? "" : ", ") + a;
            }
        }
        return joined;
    };
    if (const auto to = addresses(mail.to); !to.empty()) {
        out += header("To", to);
    }
    if (const auto cc = addresses(mail.cc); !cc.empty()) {
        out += header("Cc", cc);
    }
    out += header("Subject", mail.subject);
    out += header("Date", rfc5322_date(mail.date));
    out += header("Message-ID", "<" + mail.message_id + ">");
    if (!mail.in_reply_to.empty()) {
        out += header("In-Reply-To", "<" + mail.in_reply_to + ">");
    }
    if (!mail.references.empty()) {
        out += header("References",
                      "<" + mail.references + ">" +
                          (mail.in_reply_to.empty() ? "" : " <" + mail.in_reply_to + ">"));
    }
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=UTF-8\r\n";
    out += "Content-Transfer-Encoding: quoted-printable\r\n";
    if (mail.automatic) {
        out += "Auto-Submitted: auto-generated\r\n";
    }
    out += k_crlf;
    out += quoted_printable(mail.body);
    return out;
}

} // namespace itsm::notify
