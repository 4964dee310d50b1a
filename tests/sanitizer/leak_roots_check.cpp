// The sanitizer build's leak roots (leak_roots.cpp) at work: a block only a global of this
// program points to is not a leak, nor are the C++ runtime's stream buffers, nor a block only a
// library loaded with dlopen holds; a block nothing points to is still reported.
//   leak_roots_check held     exit 0, nothing reported
//   leak_roots_check lost     LeakSanitizer reports the lost block (exit 23 by LSAN_OPTIONS)
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <thread>

namespace {

// Volatile: a global that is never read would not be kept at all.
char* volatile g_held = nullptr;

// GLib keeps what it allocates for its type system in its own globals, as GMime's loading
// (lib/itsm/mail) and libpq do in theirs: found only when the loaded library's data is a root.
bool load_glib() {
    void* library = dlopen("libgobject-2.0.so.0", RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
        std::fprintf(stderr, "leak_roots_check: %s\n", dlerror());
        return false;
    }
    // Its types are registered as it loads.
    const auto from_name =
        reinterpret_cast<unsigned long (*)(const char*)>(dlsym(library, "g_type_from_name"));
    return from_name != nullptr && from_name("GObject") != 0;
}

// A block whose only pointer is gone: held on a thread of its own, whose stack is no longer
// scanned once it has ended (on this thread's, a copy left below the stack's top may be read).
void lose() {
    std::thread([] {
        char* volatile lost = static_cast<char*>(std::malloc(1234));
        std::strcpy(lost, "lost");
        std::printf("%s\n", lost);
    }).join();
}

} // namespace

int main(int argc, char** argv) {
    const char* mode = argc > 1 ? argv[1] : "";
    std::cout << "stream buffers in use" << std::endl;
    std::wcout << L"wide ones too" << std::endl;
    if (!load_glib()) {
        return 2;
    }
    g_held = static_cast<char*>(std::malloc(4096));
    std::strcpy(g_held, "held by a global");
    if (std::strcmp(mode, "lost") == 0) {
        lose();
    } else if (std::strcmp(mode, "held") != 0) {
        std::fprintf(stderr, "usage: leak_roots_check held|lost\n");
        return 2;
    }
    return 0;
}
