#pragma once
// Thin RAII wrappers over the HDF5 C API: each handle closes itself, and every failing call
// becomes an exception that names what was being done.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace wfsim::h5 {

//! Turns off HDF5's own printing of error stacks (wfsim reports errors itself) and its
//! clean-up at exit. Called before any other HDF5 call.
void silence_errors();

//! Throws InternalError("HDF5: <what>") when `status` is negative, keeping errno first.
hid_t check(hid_t status, const std::string& what);
//! errno as it was when check() last failed in this thread (0 if it was not set): the
//! system's reason for a failed write, such as ENOSPC or EFBIG.
int failed_errno();

//! An HDF5 identifier that is closed when the handle goes.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer close) : id_(id), close_(close) {}
  Handle(Handle&& o) noexcept : id_(std::exchange(o.id_, H5I_INVALID_HID)), close_(o.close_) {}
  Handle& operator=(Handle&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = std::exchange(o.id_, H5I_INVALID_HID);
      close_ = o.close_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  hid_t id() const { return id_; }
  operator hid_t() const { return id_; }
  //! Gives up ownership: the caller closes the identifier (and can check the result).
  hid_t release() { return std::exchange(id_, H5I_INVALID_HID); }
  void reset() {
    if (id_ >= 0 && close_) close_(id_);
    id_ = H5I_INVALID_HID;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer close_ = nullptr;
};

//! Creates (truncates) an HDF5 file, leaving the first `user_block` bytes (0, or a power of
//! two from 512) to the caller: HDF5 starts after them. Fails as check() does, errno kept.
Handle create_file(const std::string& path, hsize_t user_block = 0);
Handle open_file(const std::string& path);
Handle create_group(hid_t parent, const std::string& name);
Handle open_group(hid_t parent, const std::string& name);
Handle open_dataset(hid_t parent, const std::string& name);
Handle dataspace(const std::vector<hsize_t>& dims);
//! Variable-length UTF-8 string type.
Handle string_type();

void write_attribute(hid_t obj, const std::string& name, const std::string& value);
void write_attribute(hid_t obj, const std::string& name, std::int64_t value);
void write_attribute(hid_t obj, const std::string& name, std::uint64_t value);
void write_attribute(hid_t obj, const std::string& name, double value);
bool has_attribute(hid_t obj, const std::string& name);
std::string read_string_attribute(hid_t obj, const std::string& name);
std::int64_t read_int_attribute(hid_t obj, const std::string& name);
//! A whole-number attribute read as unsigned 64 bits (a seed may be above 2^63 - 1).
std::uint64_t read_uint_attribute(hid_t obj, const std::string& name);

//! Creates a dataset stored as `file_type` (doubles unless told); chunked and compressed
//! when `chunk` is not empty. Values are written as doubles and converted by HDF5.
Handle create_dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims,
                      const std::vector<hsize_t>& chunk = {}, hid_t file_type = H5T_IEEE_F64LE);
//! Writes a whole dataset of doubles.
void write_doubles(hid_t dataset, const std::vector<double>& values);
//! Writes `values` into the box at `start` of size `count`.
void write_doubles(hid_t dataset, const std::vector<hsize_t>& start,
                   const std::vector<hsize_t>& count, const double* values);
//! A one-dimensional dataset of strings.
Handle write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& v);

//! Shape of a dataset.
std::vector<hsize_t> shape(hid_t dataset);
//! The path of an object within its file, for messages.
std::string path_of(hid_t object);

// Reading: a read that fails is a damaged file, the user's problem, so these throw a
// UserError naming the dataset rather than an InternalError.

//! A whole dataset as doubles.
std::vector<double> read_doubles(hid_t dataset);
//! The box at `start` of size `count`, as doubles.
std::vector<double> read_doubles(hid_t dataset, const std::vector<hsize_t>& start,
                                 const std::vector<hsize_t>& count);
std::vector<std::string> read_strings(hid_t dataset);

//! Makes `scale` a dimension scale called `name`.
void make_scale(hid_t scale, const std::string& name);
//! Attaches `scale` to dimension `dim` of `dataset` and labels the dimension with its name.
void attach_scale(hid_t dataset, hid_t scale, unsigned dim);
//! Whether `dataset` is itself a dimension scale.
bool is_scale(hid_t dataset);
//! The dimension scales attached to dimension `dim` of `dataset`, opened (empty if none).
std::vector<Handle> scales_of(hid_t dataset, unsigned dim);
//! The name a dimension scale was given.
std::string scale_name(hid_t scale);

}  // namespace wfsim::h5
