#pragma once
//! The two kinds of failure wfsim distinguishes: a user can fix a ScenarioError (or a
//! UsageError) by changing their input; an InternalError is a bug in wfsim itself.
#include <stdexcept>
#include <string>

namespace wfsim {

//! A problem in the user's input: a scenario file, an option or an output path.
//! The message is complete and ready to show as it is.
class UserError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! A problem in a scenario file; the message starts with `file (line L, col C):`.
class ScenarioError : public UserError {
 public:
  using UserError::UserError;
};

//! A run stopped because the user asked it to (Ctrl-C).
class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

//! A broken invariant inside wfsim (for example stocks that do not balance): a bug.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace wfsim
