# The layer graph, stated once: every library of src/, its rank, the libraries
# it may use and the packages it links. src/CMakeLists.txt builds each library
# from its row (the sources are the folder's *.cpp; the folder is the name
# without "zwgk_"), links exactly what the row names, and compiles it with an
# include folder of its own (build/…/layers/<name>/) holding a link to each
# folder it may include: its own and those of the libraries it uses, directly
# or through them. An #include of any other folder fails: "No such file".
#
# The rule, checked below when the table is read (at configure, and by
# `cmake -P cmake/layers.cmake`): a library uses only libraries of a lower
# rank, so the graph has no cycle and no include runs upward. Rows are in
# order of rank. ARCHITECTURE.md's drawing is generated from this table
# (scripts/layers_doc.py; tests/layers/ checks that it is current).
#
# A folder without *.cpp (headers only) becomes an INTERFACE library.
#
if(NOT ZWGK_SOURCE_DIR)
  get_filename_component(ZWGK_SOURCE_DIR ${CMAKE_CURRENT_LIST_DIR}/.. ABSOLUTE)
endif()
include(${ZWGK_SOURCE_DIR}/cmake/layer_rules.cmake)

#          name            rank  uses …                                   packages …
zwgk_layer(zwgk_util       0     PACKAGES fmt::fmt ICU::uc ICU::i18n simdjson::simdjson PkgConfig::SODIUM)
zwgk_layer(zwgk_model      1     USES zwgk_util)
zwgk_layer(zwgk_fs         1     USES zwgk_util PACKAGES fmt::fmt)
zwgk_layer(zwgk_mail       1     USES zwgk_util PACKAGES fmt::fmt PkgConfig::GMIME PkgConfig::LIBZIP pugixml::pugixml)
zwgk_layer(zwgk_net        1     USES zwgk_util PACKAGES fmt::fmt PkgConfig::CURL)
zwgk_layer(zwgk_scheme     2     USES zwgk_model PACKAGES tomlplusplus::tomlplusplus)
zwgk_layer(zwgk_store      2     USES zwgk_model PACKAGES fmt::fmt PkgConfig::SQLITE3 PkgConfig::LIBPQ)
zwgk_layer(zwgk_imap       2     USES zwgk_util zwgk_net PACKAGES fmt::fmt PkgConfig::CURL)
zwgk_layer(zwgk_smtp       2     USES zwgk_util zwgk_net PACKAGES fmt::fmt PkgConfig::CURL)
zwgk_layer(zwgk_engine     3     USES zwgk_scheme)
zwgk_layer(zwgk_crawl      3     USES zwgk_scheme zwgk_store zwgk_net
                                 PACKAGES fmt::fmt LibXml2::LibXml2 nlohmann_json::nlohmann_json PkgConfig::CURL)
zwgk_layer(zwgk_auth       3     USES zwgk_store zwgk_util PACKAGES PkgConfig::SODIUM)
zwgk_layer(zwgk_annual     4     USES zwgk_engine)
zwgk_layer(zwgk_ingest     4     USES zwgk_engine zwgk_fs PACKAGES Threads::Threads PkgConfig::LIBZIP EXPAT::EXPAT)
zwgk_layer(zwgk_render     5     USES zwgk_engine zwgk_annual
                                 PACKAGES nlohmann_json::nlohmann_json PkgConfig::XLSXWRITER PkgConfig::LIBZIP pugixml::pugixml)
zwgk_layer(zwgk_mailbox    5     USES zwgk_mail zwgk_imap zwgk_store zwgk_ingest zwgk_fs)
zwgk_layer(zwgk_publish    6     USES zwgk_ingest zwgk_render zwgk_fs)
zwgk_layer(zwgk_app        7     USES zwgk_annual zwgk_publish zwgk_mailbox zwgk_store zwgk_render zwgk_fs zwgk_smtp
                                      zwgk_crawl)
zwgk_layer(zwgk_server     8     USES zwgk_publish zwgk_ingest zwgk_render zwgk_store zwgk_auth zwgk_mailbox
                                      zwgk_app zwgk_smtp
                                 PACKAGES PkgConfig::HTTPLIB PkgConfig::SODIUM)
zwgk_layer(zwgk_cli        9     USES zwgk_server zwgk_app zwgk_smtp zwgk_publish zwgk_ingest zwgk_render
                                      zwgk_fs zwgk_store zwgk_auth zwgk_mailbox zwgk_imap
                                 PACKAGES CLI11::CLI11)
zwgk_check_layers()
