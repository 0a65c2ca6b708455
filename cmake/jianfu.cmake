# Shared build settings for every jianfu target.

add_library(jianfu_warnings INTERFACE)
target_compile_options(jianfu_warnings INTERFACE -Wall -Wextra -Werror -Wpedantic)
# g++ 12 at -O3 reports -Wrestrict inside libstdc++'s std::string operator+
# (GCC bug 105651, a false positive); keep it a warning-free build.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(jianfu_warnings INTERFACE -Wno-restrict)
endif()

if(JIANFU_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

# jianfu_module(NAME SOURCES... [DEPS targets...])
# Declares the library target jianfu_<NAME> (alias jianfu::<NAME>) whose public
# headers live in include/jianfu/<NAME>/.
function(jianfu_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(jianfu_${name} STATIC ${M_SOURCES})
  add_library(jianfu::${name} ALIAS jianfu_${name})
  target_include_directories(jianfu_${name} PUBLIC ${PROJECT_SOURCE_DIR}/include)
  target_link_libraries(jianfu_${name} PUBLIC ${M_DEPS} PRIVATE jianfu_warnings ${M_PRIVATE_DEPS})
endfunction()

# jianfu_test(NAME SOURCES... DEPS targets... [LABELS labels...])
# A GoogleTest executable registered with CTest. Tests run from the source
# tree so fixtures resolve as tests/fixtures/... LABELS: ctest labels of
# every test in it ("store": opens a store, so `make test` runs it again
# against PostgreSQL).
function(jianfu_test name)
  cmake_parse_arguments(T "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_DEPS} GTest::gtest GTest::gtest_main jianfu_warnings)
  target_compile_definitions(${name} PRIVATE
    JIANFU_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    JIANFU_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
  if(T_LABELS)
    gtest_discover_tests(${name} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} DISCOVERY_TIMEOUT 60
      PROPERTIES LABELS "${T_LABELS}")
  else()
    gtest_discover_tests(${name} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} DISCOVERY_TIMEOUT 60)
  endif()
endfunction()
