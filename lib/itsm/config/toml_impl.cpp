// toml++'s implementation, compiled into itsm once (lib/CMakeLists.txt): the shared library
// would be one more for every command to load.
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
