// [mail] of itsm.toml: incoming mail (docs/mail.md).

#include <itsm/config/draft.hpp>
#include <itsm/config/suggest.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace itsm::config::internal {

namespace {

constexpr std::array<std::string_view, 9> k_mail_keys = {
    "addresses",  "types",       "default_type",
    "domains",    "reopen_days", "max_size",
    "quarantine", "acknowledge", "acknowledgements_per_hour"};

std::string mail_lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool mail_is_address(std::string_view text) {
    const auto at = text.find('@');
    return at != std::string_view::npos && at > 0 && at + 1 < text.size() &&
           text.find('@', at + 1) == std::string_view::npos &&
           text.find_first_of(" \t\r\n<>,;\"") == std::string_view::npos;
}

// A record type named in [mail]: one of the types [prefixes] knows.
bool mail_type_known(Reporter& rep, const Config& config, Pos pos, const std::string& type) {
    if (config.prefixes.contains(type)) {
        return true;
    }
    std::vector<std::string> types;
    for (const auto& [name, prefix] : config.prefixes) {
        types.push_back(name);
    }
    rep.error(pos, "unknown record type `" + type + "` in [mail]" + did_you_mean(type, types));
    return false;
}

void mail_limit(Reporter& rep, const toml::node& node, std::string_view key, long long min,
                long long max, std::string_view example, auto& out) {
    if (const auto value = read_int(rep, node, key, example)) {
        if (*value < min || *value > max) {
            rep.error(pos_of(node), "`" + std::string(key) + "` " + std::to_string(*value) +
                                        " is out of range; give " + std::to_string(min) + " to " +
                                        std::to_string(max));
            return;
        }
        out = static_cast<std::remove_reference_t<decltype(out)>>(*value);
    }
}

} // namespace

void read_mail(Reporter& rep, Config& config, const toml::node& node) {
    const auto* table =
        read_table(rep, node, "mail", "[mail] addresses = [\"helpdesk@example.org\"]");
    if (table == nullptr) {
        return;
    }
    check_keys(rep, *table, k_mail_keys, "in [mail]");
    MailIn& mail = config.mail;
    if (const auto* addresses = table->get("addresses")) {
        if (auto list =
                read_string_list(rep, *addresses, "addresses", "[\"helpdesk@example.org\"]")) {
            for (auto& a : *list) {
                if (!mail_is_address(a.value)) {
                    rep.error(a.pos, "\"" + a.value +
                                         "\" in [mail] addresses is not an e-mail "
                                         "address; write e.g. \"helpdesk@example.org\"");
                } else {
                    mail.addresses.push_back(mail_lower(a.value));
                }
            }
        }
    }
    if (const auto* type = table->get("default_type")) {
        if (const auto* text = read_string(rep, *type, "default_type", "\"incident\"")) {
            if (mail_type_known(rep, config, pos_of(*type), *text)) {
                mail.default_type = *text;
            }
        }
    }
    if (const auto* types = table->get("types")) {
        if (const auto* map = read_table(rep, *types, "types",
                                         "[mail.types] \"requests@example.org\" = \"request\"")) {
            for (const auto& [address, value] : *map) {
                const std::string a(address.str());
                if (!mail_is_address(a)) {
                    rep.error(pos_of(address), "\"" + a +
                                                   "\" in [mail.types] is not an e-mail "
                                                   "address");
                    continue;
                }
                if (const auto* text = read_string(rep, value, a, "\"request\"")) {
                    if (mail_type_known(rep, config, pos_of(value), *text)) {
                        mail.types[mail_lower(a)] = *text;
                    }
                }
            }
        }
    }
    if (const auto* domains = table->get("domains")) {
        if (const auto* map = read_table(rep, *domains, "domains",
                                         "[mail.domains] \"mof.example.org\" = \"MOF\"")) {
            for (const auto& [domain, value] : *map) {
                if (const auto* org = read_string(rep, value, domain.str(), "\"MOF\"")) {
                    mail.domains[mail_lower(std::string(domain.str()))] = *org;
                }
            }
        }
    }
    if (const auto* days = table->get("reopen_days")) {
        mail_limit(rep, *days, "reopen_days", 0, 3650, "10", mail.reopen_days);
    }
    if (const auto* size = table->get("max_size")) {
        mail_limit(rep, *size, "max_size", 1024, 1LL << 30, "26214400 (bytes)", mail.max_size);
    }
    if (const auto* per_hour = table->get("acknowledgements_per_hour")) {
        mail_limit(rep, *per_hour, "acknowledgements_per_hour", 0, 1000, "5",
                   mail.acknowledgements_per_hour);
    }
    if (const auto* acknowledge = table->get("acknowledge")) {
        if (const auto value = read_bool(rep, *acknowledge, "acknowledge")) {
            mail.acknowledge = *value;
        }
    }
    if (const auto* quarantine = table->get("quarantine")) {
        if (const auto* text =
                read_string(rep, *quarantine, "quarantine", "\"/var/lib/itsm/quarantine\"")) {
            if (text->empty()) {
                rep.error(pos_of(*quarantine), "`quarantine` is empty; give a folder or leave "
                                               "it out");
            }
            mail.quarantine = *text;
        }
    }
}

} // namespace itsm::config::internal
