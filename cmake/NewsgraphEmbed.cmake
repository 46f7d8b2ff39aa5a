# newsgraph_embed(TARGET <lib> NAMESPACE <ns> FILES <paths relative to the source root>...)
#
# Compiles data files (lexicons, schemas, the ontology) into <lib> so that the executable works from any
# directory. It defines, in namespace newsgraph::<ns>:
#   std::string_view embedded_file(std::string_view path);   // "" when path was not embedded
#   std::vector<std::string_view> embedded_paths();          // sorted
# Paths are the repository-relative names, e.g. "extract/lexicons/entities.json". The generated source is
# build output (never committed); it is regenerated whenever a listed file changes.
function(newsgraph_embed)
  cmake_parse_arguments(EMB "" "TARGET;NAMESPACE" "FILES" ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${EMB_TARGET}_embedded.cpp")
  set(abs_files "")
  foreach(f IN LISTS EMB_FILES)
    list(APPEND abs_files "${PROJECT_SOURCE_DIR}/${f}")
  endforeach()
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNS=${EMB_NAMESPACE} -DROOT=${PROJECT_SOURCE_DIR}
            "-DFILES=${EMB_FILES}" -P "${PROJECT_SOURCE_DIR}/cmake/NewsgraphEmbedGenerate.cmake"
    DEPENDS ${abs_files} "${PROJECT_SOURCE_DIR}/cmake/NewsgraphEmbedGenerate.cmake"
    COMMENT "Embedding data files into ${EMB_TARGET}"
    VERBATIM)
  target_sources(${EMB_TARGET} PRIVATE "${out}")
endfunction()
