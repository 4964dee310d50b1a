#pragma once
// GMime 3, loaded when the first message is parsed (dlopen of libgmime-3.0.so.0) rather than
// linked: the other commands do not pay for mapping GLib and GMime (docs/mail.md).

#include <gmime/gmime.h>

namespace itsm::mail::internal {

// The GMime and GLib functions the parser calls, by name.
#define ITSM_GMIME_FUNCTIONS(X)                                                                    \
    X(g_mime_init)                                                                                 \
    X(g_mime_stream_mem_new_with_buffer)                                                           \
    X(g_mime_stream_mem_new)                                                                       \
    X(g_mime_stream_mem_get_byte_array)                                                            \
    X(g_mime_parser_new_with_stream)                                                               \
    X(g_mime_parser_construct_message)                                                             \
    X(g_mime_message_get_subject)                                                                  \
    X(g_mime_message_get_message_id)                                                               \
    X(g_mime_message_get_from)                                                                     \
    X(g_mime_message_get_reply_to)                                                                 \
    X(g_mime_message_get_to)                                                                       \
    X(g_mime_message_get_cc)                                                                       \
    X(g_mime_message_get_mime_part)                                                                \
    X(g_mime_message_part_get_message)                                                             \
    X(g_mime_object_get_header)                                                                    \
    X(g_mime_object_get_content_type)                                                              \
    X(g_mime_object_get_content_disposition)                                                       \
    X(g_mime_object_to_string)                                                                     \
    X(g_mime_content_type_get_media_type)                                                          \
    X(g_mime_content_type_get_media_subtype)                                                       \
    X(g_mime_content_type_get_parameter)                                                           \
    X(g_mime_content_disposition_is_attachment)                                                    \
    X(g_mime_multipart_get_count)                                                                  \
    X(g_mime_multipart_get_part)                                                                   \
    X(g_mime_multipart_get_type)                                                                   \
    X(g_mime_message_part_get_type)                                                                \
    X(g_mime_part_get_type)                                                                        \
    X(g_mime_part_get_filename)                                                                    \
    X(g_mime_part_get_content)                                                                     \
    X(g_mime_data_wrapper_write_to_stream)                                                         \
    X(g_mime_stream_filter_new)                                                                    \
    X(g_mime_stream_filter_add)                                                                    \
    X(g_mime_filter_charset_new)                                                                   \
    X(g_mime_stream_flush)                                                                         \
    X(g_mime_charset_canon_name)                                                                   \
    X(g_mime_utils_decode_8bit)                                                                    \
    X(g_mime_utils_header_decode_text)                                                             \
    X(internet_address_list_length)                                                                \
    X(internet_address_list_get_address)                                                           \
    X(internet_address_get_name)                                                                   \
    X(internet_address_mailbox_get_addr)                                                           \
    X(internet_address_mailbox_get_type)                                                           \
    X(g_type_check_instance_is_a)                                                                  \
    X(g_object_unref)                                                                              \
    X(g_free)

struct Api {
#define ITSM_GMIME_MEMBER(name) decltype(&::name) name = nullptr;
    ITSM_GMIME_FUNCTIONS(ITSM_GMIME_MEMBER)
#undef ITSM_GMIME_MEMBER
};

/// The functions, GMime initialised; throws MailError (temporary: the MTA retries) when the
/// library cannot be loaded.
const Api& gmime();

/// True when `object` is an instance of `type` (GLib's type check, without its macros).
bool is_a(const void* object, GType type);

} // namespace itsm::mail::internal
