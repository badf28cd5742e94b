# FindXlsxWriter: libxlsxwriter (Debian's libxlsxwriter-dev), the C library zhifa writes Excel workbooks with.
# Defines the imported target XlsxWriter::XlsxWriter (and XlsxWriter_FOUND, XlsxWriter_INCLUDE_DIR,
# XlsxWriter_LIBRARY), so that zhifa's exported CMake package names the target, never a path of the build machine.
# libxlsxwriter needs zlib, which it links itself as a shared library; a static libxlsxwriter would need ZLIB::ZLIB.
find_path(XlsxWriter_INCLUDE_DIR xlsxwriter.h)
find_library(XlsxWriter_LIBRARY xlsxwriter)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(XlsxWriter REQUIRED_VARS XlsxWriter_LIBRARY XlsxWriter_INCLUDE_DIR)
if(XlsxWriter_FOUND AND NOT TARGET XlsxWriter::XlsxWriter)
  add_library(XlsxWriter::XlsxWriter UNKNOWN IMPORTED)
  set_target_properties(XlsxWriter::XlsxWriter PROPERTIES
    IMPORTED_LOCATION "${XlsxWriter_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${XlsxWriter_INCLUDE_DIR}")
endif()
mark_as_advanced(XlsxWriter_INCLUDE_DIR XlsxWriter_LIBRARY)
