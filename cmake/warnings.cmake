# Project-wide compile flags, applied through the zwgk_options interface target.
add_library(zwgk_options INTERFACE)
target_compile_options(zwgk_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wno-missing-field-initializers)
if(ZWGK_WERROR)
  target_compile_options(zwgk_options INTERFACE -Werror)
endif()
if(ZWGK_SANITIZE)
  target_compile_options(zwgk_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  target_link_options(zwgk_options INTERFACE -fsanitize=address,undefined)
endif()
