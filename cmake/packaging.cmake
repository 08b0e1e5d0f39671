# The Debian package (issue 20): install rules and CPack's DEB generator, used
# by scripts/package-deb.sh through the "package" preset (ZWGK_PACKAGE=ON).
#
# Layout: /usr/bin/zwgk; man pages made from the program's own Chinese help
# (scripts/man_pages.py, run on the built program); /usr/share/doc/zwgk with
# the README, docs/, the Linzi example and an nginx site; the service unit;
# the settings /etc/zwgk/zwgk.conf (a conffile). Depends: comes from the
# binary's shared libraries (dpkg-shlibdeps), plus adduser for postinst.
include(GNUInstallDirs)

set(ZWGK_MAN_DIR ${CMAKE_BINARY_DIR}/man)
add_custom_command(
  OUTPUT ${ZWGK_MAN_DIR}/zwgk.1.gz
  COMMAND python3 ${PROJECT_SOURCE_DIR}/scripts/man_pages.py --zwgk $<TARGET_FILE:zwgk>
          --version ${PROJECT_VERSION} --out ${ZWGK_MAN_DIR}
  DEPENDS zwgk ${PROJECT_SOURCE_DIR}/scripts/man_pages.py
  COMMENT "Making the man pages from zwgk's help")
add_custom_target(zwgk_man ALL DEPENDS ${ZWGK_MAN_DIR}/zwgk.1.gz)

# The Debian changelog, compressed as policy asks (gzip -n: no name or time,
# so the same source gives the same package).
set(ZWGK_CHANGELOG ${CMAKE_BINARY_DIR}/changelog.gz)
add_custom_command(
  OUTPUT ${ZWGK_CHANGELOG}
  COMMAND gzip -9nc ${PROJECT_SOURCE_DIR}/packaging/changelog > ${ZWGK_CHANGELOG}
  DEPENDS ${PROJECT_SOURCE_DIR}/packaging/changelog)
add_custom_target(zwgk_changelog ALL DEPENDS ${ZWGK_CHANGELOG})

set(ZWGK_DOC_DIR share/doc/zwgk)
install(TARGETS zwgk RUNTIME DESTINATION bin)
install(DIRECTORY ${ZWGK_MAN_DIR}/ DESTINATION share/man/man1 FILES_MATCHING PATTERN "*.1.gz")
install(FILES README.md ARCHITECTURE.md ${PROJECT_SOURCE_DIR}/packaging/copyright ${ZWGK_CHANGELOG}
        DESTINATION ${ZWGK_DOC_DIR})
install(DIRECTORY docs/ DESTINATION ${ZWGK_DOC_DIR}/docs)
install(DIRECTORY examples/ DESTINATION ${ZWGK_DOC_DIR}/examples)
install(FILES packaging/nginx-zwgk.conf DESTINATION ${ZWGK_DOC_DIR}/examples)
# Absolute: the unit and the settings belong where systemd and the admin look.
install(FILES packaging/zwgk.service DESTINATION /lib/systemd/system)
install(FILES packaging/zwgk.conf DESTINATION /etc/zwgk)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME zwgk)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # zwgk_<version>_amd64.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "The zwgk developers <zwgk@example.org>")
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS adduser)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libreoffice-writer-nogui | libreoffice-writer, fonts-noto-cjk")
# CPack indents the lines after the first itself.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "government-affairs openness assessment (政务公开考核)
zwgk runs a district's quarterly assessment of government-affairs openness
work: it counts each unit's website postings and submitted articles, applies
the district's assessment rules, records inspection findings, ranks the
units, writes the bulletin with its tables (DOCX, XLSX, HTML, CSV, JSON;
PDF through LibreOffice), follows rectification and adds up the year. The
package runs its web workspace as the zwgk service.")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/postinst ${PROJECT_SOURCE_DIR}/packaging/prerm
    ${PROJECT_SOURCE_DIR}/packaging/postrm ${PROJECT_SOURCE_DIR}/packaging/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
