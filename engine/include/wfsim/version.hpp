#pragma once
//! What built this engine, recorded in every results file.
#include <string>

namespace wfsim {

//! Semantic version of the engine, e.g. `0.1.0`.
std::string engine_version();
//! Git commit the engine was built from (with `-dirty` if the tree had changes), or `unknown`.
std::string git_commit();

}  // namespace wfsim
