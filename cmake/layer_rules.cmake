# What cmake/layers.cmake's rows mean and the rule they are checked against.
# Script-mode safe (no targets): `cmake -P cmake/layers.cmake` reads and
# checks the table without configuring anything, and with
# -DZWGK_LAYERS_OUT=<file> writes it as lines "name rank uses…" for tools
# (scripts/layers_doc.py).
#
# After zwgk_check_layers(), for each name in ZWGK_LAYERS:
#   ZWGK_LAYER_<name>_RANK, _USES, _PACKAGES  as written in the row;
#   ZWGK_LAYER_<name>_FOLDER                  src/ folder (name without "zwgk_");
#   ZWGK_LAYER_<name>_SEES                    folders its code may include:
#                                             its own and those of everything it
#                                             uses, directly or not.

if(CMAKE_SCRIPT_MODE_FILE)
  cmake_minimum_required(VERSION 3.25)  # policies of script mode (IN_LIST)
endif()

set(ZWGK_LAYERS "")

macro(zwgk_layer name rank)
  cmake_parse_arguments(ZWGK_ROW "" "" "USES;PACKAGES" ${ARGN})
  if(ZWGK_ROW_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "layers.cmake: row ${name}: unexpected ${ZWGK_ROW_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT "${name}" MATCHES "^zwgk_[a-z]+$")
    message(FATAL_ERROR "layers.cmake: library name \"${name}\" is not zwgk_<folder>")
  endif()
  if(NOT "${rank}" MATCHES "^[0-9]+$")
    message(FATAL_ERROR "layers.cmake: row ${name}: rank \"${rank}\" is not a number")
  endif()
  if("${name}" IN_LIST ZWGK_LAYERS)
    message(FATAL_ERROR "layers.cmake: ${name} has two rows")
  endif()
  list(APPEND ZWGK_LAYERS ${name})
  set(ZWGK_LAYER_${name}_RANK ${rank})
  set(ZWGK_LAYER_${name}_USES ${ZWGK_ROW_USES})
  set(ZWGK_LAYER_${name}_PACKAGES ${ZWGK_ROW_PACKAGES})
  string(REGEX REPLACE "^zwgk_" "" ZWGK_LAYER_${name}_FOLDER ${name})
endmacro()

# The rule: every library used has a row and a lower rank (so no cycle), rows
# come in order of rank, each library's folder exists. Then the folders each
# library sees.
macro(zwgk_check_layers)
  set(zwgk_previous_rank 0)
  foreach(zwgk_lib ${ZWGK_LAYERS})
    set(zwgk_rank ${ZWGK_LAYER_${zwgk_lib}_RANK})
    foreach(zwgk_dep ${ZWGK_LAYER_${zwgk_lib}_USES})
      if(NOT zwgk_dep IN_LIST ZWGK_LAYERS)
        message(FATAL_ERROR "layers.cmake: ${zwgk_lib} uses ${zwgk_dep}, which has no row in the table")
      endif()
      set(zwgk_dep_rank ${ZWGK_LAYER_${zwgk_dep}_RANK})
      if(NOT zwgk_dep_rank LESS zwgk_rank)
        message(FATAL_ERROR "layers.cmake: ${zwgk_lib} (rank ${zwgk_rank}) may not use ${zwgk_dep} "
                            "(rank ${zwgk_dep_rank}): a library uses only libraries of a lower rank")
      endif()
    endforeach()
    if(zwgk_rank LESS zwgk_previous_rank)
      message(FATAL_ERROR "layers.cmake: ${zwgk_lib} (rank ${zwgk_rank}) comes after a row of rank "
                          "${zwgk_previous_rank}: rows are in order of rank")
    endif()
    set(zwgk_previous_rank ${zwgk_rank})
    if(NOT IS_DIRECTORY ${ZWGK_SOURCE_DIR}/src/${ZWGK_LAYER_${zwgk_lib}_FOLDER})
      message(FATAL_ERROR "layers.cmake: ${zwgk_lib} has no folder src/${ZWGK_LAYER_${zwgk_lib}_FOLDER}/")
    endif()
    # Rows are in order of rank and uses have a lower rank: their SEES are known.
    set(ZWGK_LAYER_${zwgk_lib}_SEES ${ZWGK_LAYER_${zwgk_lib}_FOLDER})
    foreach(zwgk_dep ${ZWGK_LAYER_${zwgk_lib}_USES})
      list(APPEND ZWGK_LAYER_${zwgk_lib}_SEES ${ZWGK_LAYER_${zwgk_dep}_SEES})
    endforeach()
    list(REMOVE_DUPLICATES ZWGK_LAYER_${zwgk_lib}_SEES)
    list(SORT ZWGK_LAYER_${zwgk_lib}_SEES)
  endforeach()
  if(CMAKE_SCRIPT_MODE_FILE AND ZWGK_LAYERS_OUT)
    set(zwgk_out "")
    foreach(zwgk_lib ${ZWGK_LAYERS})
      string(REPLACE ";" " " zwgk_uses "${ZWGK_LAYER_${zwgk_lib}_USES}")
      string(APPEND zwgk_out "${zwgk_lib} ${ZWGK_LAYER_${zwgk_lib}_RANK} ${zwgk_uses}\n")
    endforeach()
    file(WRITE ${ZWGK_LAYERS_OUT} "${zwgk_out}")
  endif()
endmacro()
