# Project-wide compile flags, applied through the zwgk_options interface target.
add_library(zwgk_options INTERFACE)
target_compile_options(zwgk_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wno-missing-field-initializers)
# GCC 12 at -O3 reports impossible overlaps in std::string concatenation
# (GCC bug 105329): a false positive that would fail release builds.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(zwgk_options INTERFACE -Wno-restrict)
endif()
if(ZWGK_WERROR)
  target_compile_options(zwgk_options INTERFACE -Werror)
endif()
if(ZWGK_SANITIZE)
  target_compile_options(zwgk_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  target_link_options(zwgk_options INTERFACE -fsanitize=address,undefined)
endif()
