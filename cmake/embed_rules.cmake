# cmake -DOUT=file.cpp -DFILES="a.toml;b.toml" -P embed_rules.cmake
# Writes a C++ source defining jianfu::rules::kBuiltinRuleFiles, the default
# rules compiled into the binary (so it runs from anywhere).
set(body "// Generated from rules/*.toml by cmake/embed_rules.cmake. Do not edit.\n")
string(APPEND body "#include \"builtin_rules.h\"\n\nnamespace jianfu::rules {\n\n")
string(APPEND body "const std::vector<BuiltinRuleFile>& BuiltinRuleFiles() {\n")
string(APPEND body "  static const std::vector<BuiltinRuleFile> files = {\n")
list(SORT FILES)
foreach(f IN LISTS FILES)
  file(READ "${f}" content)
  get_filename_component(name "${f}" NAME)
  string(APPEND body "    {\"rules/${name}\", R\"jianfu_toml(${content})jianfu_toml\"},\n")
endforeach()
string(APPEND body "  };\n  return files;\n}\n\n}  // namespace jianfu::rules\n")
file(WRITE "${OUT}.tmp" "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
file(REMOVE "${OUT}.tmp")
