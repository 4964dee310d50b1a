#include <itsm/mail/error.hpp>
#include <itsm/mail/gmime.hpp>
#include <itsm/mail/intake.hpp>

#include <dlfcn.h>

#include <future>
#include <mutex>
#include <string>

namespace itsm::mail::internal {

namespace {

Api load_gmime() {
    void* library = dlopen("libgmime-3.0.so.0", RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
        const char* why = dlerror();
        throw MailError(MailError::Kind::temporary,
                        std::string("cannot load GMime (libgmime-3.0.so.0): ") +
                            (why != nullptr ? why : "unknown error") +
                            "; install the package libgmime-3.0-0");
    }
    Api api;
    // dlsym on GMime's handle also finds GLib's functions, which it depends on.
#define ITSM_GMIME_BIND(name)                                                                      \
    api.name = reinterpret_cast<decltype(api.name)>(dlsym(library, #name));                        \
    if (api.name == nullptr) {                                                                     \
        throw MailError(MailError::Kind::temporary,                                                \
                        "the GMime library found has no function " #name "; install GMime 3");     \
    }
    ITSM_GMIME_FUNCTIONS(ITSM_GMIME_BIND)
#undef ITSM_GMIME_BIND
    api.g_mime_init();
    return api;
}

} // namespace

const Api& gmime() {
    static const Api api = load_gmime();
    return api;
}

bool is_a(const void* object, GType type) {
    return object != nullptr &&
           gmime().g_type_check_instance_is_a(
               static_cast<GTypeInstance*>(const_cast<void*>(object)), type) != 0;
}

} // namespace itsm::mail::internal

namespace itsm::mail {

Preload::Preload()
    : m_loaded(std::async(std::launch::async, [] {
          try {
              internal::gmime();
          } catch (const std::exception&) {
              // receive() loads it again and reports why it cannot
          }
      })) {}

Preload::~Preload() {
    if (m_loaded.valid()) {
        m_loaded.wait();
    }
}

} // namespace itsm::mail
