// Linked into the sanitizer build's itsm (ITSM_SANITIZE) and its check, leak_roots_check: the
// leak checker's roots without the sanitizer runtimes' own data.
//
// At exit LeakSanitizer looks for pointers to each block still allocated in the threads' stacks
// and in every loaded module's global data. GCC's libasan and libubsan hold 12 MB of zeroed data
// of their own, which that scan reads page by page at every exit, a fifth of each short
// command's processor time in this build (docs/performance.md, "The test suite's time"). The
// scan of globals is turned off (use_globals=0) and, just before the check, every loaded
// module's writable data but the runtimes' is registered as a root region instead: the same
// roots, the program's own and its libraries', dlopen'd ones included.
#include <link.h>
#include <sanitizer/lsan_interface.h>

#include <cstdlib>
#include <cstring>

extern "C" const char* __lsan_default_options() {
    return "use_globals=0";
}

namespace {

bool is_runtime(const char* name) {
    return name != nullptr && (std::strstr(name, "/libasan.so") != nullptr ||
                               std::strstr(name, "/libubsan.so") != nullptr);
}

int add_module(dl_phdr_info* info, std::size_t, void*) {
    if (is_runtime(info->dlpi_name)) {
        return 0;
    }
    for (int i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr)& segment = info->dlpi_phdr[i];
        if (segment.p_type == PT_LOAD && (segment.p_flags & PF_W) != 0 && segment.p_memsz > 0) {
            __lsan_register_root_region(reinterpret_cast<void*>(info->dlpi_addr + segment.p_vaddr),
                                        segment.p_memsz);
        }
    }
    return 0;
}

void add_roots() {
    dl_iterate_phdr(add_module, nullptr);
}

// Registered after the sanitizer's own exit handler, so run before it: the leak check then
// finds the modules loaded by then.
const int k_installed = std::atexit(add_roots);

} // namespace
