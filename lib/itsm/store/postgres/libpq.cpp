#include <itsm/core/error.hpp>
#include <itsm/store/postgres/libpq.hpp>

#include <dlfcn.h>

#include <string>

namespace itsm::store::postgres {

namespace {

Api load_libpq() {
    void* library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
        const char* why = dlerror();
        throw StoreError(std::string("cannot load PostgreSQL's client library (libpq.so.5): ") +
                         (why != nullptr ? why : "unknown error") + "; install the package libpq5");
    }
    Api api;
#define ITSM_LIBPQ_BIND(name)                                                                      \
    api.name = reinterpret_cast<decltype(api.name)>(dlsym(library, #name));                        \
    if (api.name == nullptr) {                                                                     \
        throw StoreError("the PostgreSQL client library found has no function " #name              \
                         "; install libpq5");                                                      \
    }
    ITSM_LIBPQ_FUNCTIONS(ITSM_LIBPQ_BIND)
#undef ITSM_LIBPQ_BIND
    return api;
}

} // namespace

const Api& libpq() {
    static const Api api = load_libpq();
    return api;
}

} // namespace itsm::store::postgres
