# Writes OUTPUT: a C++ source holding every examples/<name>/*.toml, README.md and
# policies/<date>/*.toml under
# SOURCE_DIR as raw string literals, for `itsm init`. Run as a build step:
#   cmake -DSOURCE_DIR=<source tree> -DOUTPUT=<file.cpp> -P embed.cmake
# Each literal's delimiter is chosen so that it does not occur in the file it wraps.
cmake_minimum_required(VERSION 3.20)

if(NOT SOURCE_DIR OR NOT OUTPUT)
  message(FATAL_ERROR "embed.cmake needs -DSOURCE_DIR=... and -DOUTPUT=...")
endif()

file(GLOB files RELATIVE "${SOURCE_DIR}/examples"
     "${SOURCE_DIR}/examples/*/*.toml" "${SOURCE_DIR}/examples/*/README.md"
     "${SOURCE_DIR}/examples/*/policies/*/*.toml")
list(SORT files)

set(entries "")
foreach(rel IN LISTS files)
  # The example is the first folder; the name is the rest, a policy version's folder included.
  string(FIND "${rel}" "/" slash)
  string(SUBSTRING "${rel}" 0 ${slash} example)
  math(EXPR rest "${slash} + 1")
  string(SUBSTRING "${rel}" ${rest} -1 name)
  if(NOT example MATCHES "^[A-Za-z0-9_.-]+$" OR NOT name MATCHES "^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")
    message(FATAL_ERROR "examples/${rel}: use letters, digits, '.', '_' and '-' in names")
  endif()
  file(READ "${SOURCE_DIR}/examples/${rel}" content)
  set(delimiter "itsm")
  set(n 0)
  while(TRUE)
    string(FIND "${content}" ")${delimiter}\"" found)
    if(found EQUAL -1)
      break()
    endif()
    math(EXPR n "${n} + 1")
    set(delimiter "itsm${n}")
  endwhile()
  string(APPEND entries "    File{\"${example}\", \"${name}\", R\"${delimiter}(${content})${delimiter}\"},\n")
endforeach()

set(text "// Generated from examples/ by lib/itsm/examples/embed.cmake at build time; do not edit.\n")
string(APPEND text "#include <itsm/examples/examples.hpp>\n\n")
string(APPEND text "namespace itsm::examples::internal {\n\n")
if(entries STREQUAL "")
  string(APPEND text "std::span<const File> embedded() {\n    return {};\n}\n\n")
else()
  string(APPEND text "namespace {\n\nconst File k_files[] = {\n${entries}};\n\n} // namespace\n\n")
  string(APPEND text "std::span<const File> embedded() {\n    return k_files;\n}\n\n")
endif()
string(APPEND text "} // namespace itsm::examples::internal\n")

file(WRITE "${OUTPUT}" "${text}")
