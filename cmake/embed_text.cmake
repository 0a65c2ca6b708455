# cmake -DOUT=file.cpp -DIN=data.toml -DNAME=rules/copy/copy.toml
#       -DNAMESPACE=jianfu::copy -DFUNCTION=BuiltinSettingsText -P embed_text.cmake
# Writes a C++ source defining `std::string_view NAMESPACE::FUNCTION()`, which
# returns the content of IN (compiled into the binary so it runs from
# anywhere), and `std::string_view NAMESPACE::FUNCTION##Name()` returning NAME.
file(READ "${IN}" content)
set(body "// Generated from ${NAME} by cmake/embed_text.cmake. Do not edit.\n")
string(APPEND body "#include <string_view>\n\nnamespace ${NAMESPACE} {\n\n")
string(APPEND body "std::string_view ${FUNCTION}() {\n")
string(APPEND body "  return R\"jianfu_text(${content})jianfu_text\";\n}\n\n")
string(APPEND body "std::string_view ${FUNCTION}Name() { return \"${NAME}\"; }\n\n")
string(APPEND body "}  // namespace ${NAMESPACE}\n")
file(WRITE "${OUT}.tmp" "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
file(REMOVE "${OUT}.tmp")
