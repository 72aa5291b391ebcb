#include "h5.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <cerrno>

#include "wfsim/errors.hpp"

namespace wfsim::h5 {

void silence_errors() {
  // No clean-up at exit: after a write the system refused (disk full, file too large) the
  // file cannot be closed, and HDF5 1.10's own clean-up then crashes closing it again.
  // wfsim closes every file it keeps; an abandoned one is a temporary file, removed anyway.
  // (Must come before the library starts; later calls are harmless no-ops.)
  H5dont_atexit();
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

namespace {
thread_local int last_failed_errno = 0;
}  // namespace

hid_t check(hid_t status, const std::string& what) {
  if (status < 0) {
    last_failed_errno = errno;
    throw InternalError("HDF5: " + what);
  }
  return status;
}

int failed_errno() {
  return last_failed_errno;
}

Handle create_file(const std::string& path, hsize_t user_block) {
  Handle fapl(check(H5Pcreate(H5P_FILE_ACCESS), "file access list"), H5Pclose);
  // Format 1.8 objects: large attributes (the scenario text) and readable by h5py,
  // netCDF-4 and HDF5 1.8 onwards.
  check(H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_V18), "set format version");
  Handle fcpl(check(H5Pcreate(H5P_FILE_CREATE), "file creation list"), H5Pclose);
  if (user_block) check(H5Pset_userblock(fcpl, user_block), "user block");
  // A failure here is a write the system refused (the file-size limit, a full disk), as
  // for any later write: check() keeps errno, so the caller can name the reason.
  return Handle(check(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl, fapl), "create results file"),
                H5Fclose);
}

Handle open_file(const std::string& path) {
  hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) throw UserError("cannot open '" + path + "' as an HDF5 file");
  return Handle(id, H5Fclose);
}

Handle create_group(hid_t parent, const std::string& name) {
  Handle lcpl(check(H5Pcreate(H5P_LINK_CREATE), "link list"), H5Pclose);
  check(H5Pset_create_intermediate_group(lcpl, 1), "intermediate groups");
  return Handle(check(H5Gcreate2(parent, name.c_str(), lcpl, H5P_DEFAULT, H5P_DEFAULT),
                      "create group " + name),
                H5Gclose);
}

Handle open_group(hid_t parent, const std::string& name) {
  hid_t id = H5Gopen2(parent, name.c_str(), H5P_DEFAULT);
  if (id < 0) throw UserError("results file has no group '" + name + "'");
  return Handle(id, H5Gclose);
}

Handle open_dataset(hid_t parent, const std::string& name) {
  hid_t id = H5Dopen2(parent, name.c_str(), H5P_DEFAULT);
  if (id < 0) throw UserError("results file has no dataset '" + name + "'");
  return Handle(id, H5Dclose);
}

Handle dataspace(const std::vector<hsize_t>& dims) {
  if (dims.empty()) return Handle(check(H5Screate(H5S_SCALAR), "scalar space"), H5Sclose);
  return Handle(
      check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), "dataspace"),
      H5Sclose);
}

Handle string_type() {
  Handle t(check(H5Tcopy(H5T_C_S1), "string type"), H5Tclose);
  check(H5Tset_size(t, H5T_VARIABLE), "variable-length string");
  check(H5Tset_cset(t, H5T_CSET_UTF8), "UTF-8 string");
  return t;
}

namespace {

void write_scalar_attribute(hid_t obj, const std::string& name, hid_t type, const void* value) {
  if (H5Aexists(obj, name.c_str()) > 0) check(H5Adelete(obj, name.c_str()), "delete " + name);
  Handle space = dataspace({});
  Handle attr(check(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT),
                    "create attribute " + name),
              H5Aclose);
  check(H5Awrite(attr, type, value), "write attribute " + name);
}

}  // namespace

void write_attribute(hid_t obj, const std::string& name, const std::string& value) {
  Handle t = string_type();
  const char* p = value.c_str();
  write_scalar_attribute(obj, name, t, &p);
}

void write_attribute(hid_t obj, const std::string& name, std::int64_t value) {
  write_scalar_attribute(obj, name, H5T_NATIVE_INT64, &value);
}

void write_attribute(hid_t obj, const std::string& name, std::uint64_t value) {
  write_scalar_attribute(obj, name, H5T_NATIVE_UINT64, &value);
}

void write_attribute(hid_t obj, const std::string& name, double value) {
  write_scalar_attribute(obj, name, H5T_NATIVE_DOUBLE, &value);
}

namespace {

[[noreturn]] void unreadable_attribute(hid_t obj, const std::string& name) {
  throw UserError("damaged results file: attribute '" + name + "' of '/" + path_of(obj) +
                  "' cannot be read");
}

//! Opens an attribute that must hold exactly one value (wfsim writes no other kind) of type
//! class `kind`, described as `what` when it is not; also gives its type.
Handle open_single_attribute(hid_t obj, const std::string& name, H5T_class_t kind,
                             const std::string& what, Handle& type) {
  if (H5Aexists(obj, name.c_str()) <= 0)
    throw UserError("damaged results file: '/" + path_of(obj) + "' has no attribute '" + name +
                    "'");
  Handle attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose);
  if (attr.id() < 0) unreadable_attribute(obj, name);
  Handle space(H5Aget_space(attr), H5Sclose);
  if (space.id() < 0 || H5Sget_simple_extent_npoints(space) != 1) unreadable_attribute(obj, name);
  type = Handle(H5Aget_type(attr), H5Tclose);
  if (type.id() < 0) unreadable_attribute(obj, name);
  if (H5Tget_class(type) != kind)
    throw UserError("damaged results file: attribute '" + name + "' of '/" + path_of(obj) +
                    "' is not " + what);
  return attr;
}

}  // namespace

bool has_attribute(hid_t obj, const std::string& name) {
  return H5Aexists(obj, name.c_str()) > 0;
}

std::string read_string_attribute(hid_t obj, const std::string& name) {
  Handle ftype;
  Handle attr = open_single_attribute(obj, name, H5T_STRING, "text", ftype);
  if (H5Tis_variable_str(ftype) > 0) {
    Handle t = string_type();
    char* p = nullptr;
    if (H5Aread(attr, t, &p) < 0) unreadable_attribute(obj, name);
    std::string value = p ? p : "";
    H5free_memory(p);
    return value;
  }
  const std::size_t n = H5Tget_size(ftype);
  std::string value(n, '\0');
  if (H5Aread(attr, ftype, value.data()) < 0) unreadable_attribute(obj, name);
  value.resize(value.find('\0') == std::string::npos ? n : value.find('\0'));
  return value;
}

std::int64_t read_int_attribute(hid_t obj, const std::string& name) {
  Handle type;
  Handle attr = open_single_attribute(obj, name, H5T_INTEGER, "a whole number", type);
  std::int64_t value = 0;
  if (H5Aread(attr, H5T_NATIVE_INT64, &value) < 0) unreadable_attribute(obj, name);
  return value;
}

std::uint64_t read_uint_attribute(hid_t obj, const std::string& name) {
  Handle type;
  Handle attr = open_single_attribute(obj, name, H5T_INTEGER, "a whole number", type);
  std::uint64_t value = 0;
  if (H5Aread(attr, H5T_NATIVE_UINT64, &value) < 0) unreadable_attribute(obj, name);
  return value;
}

Handle create_dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims,
                      const std::vector<hsize_t>& chunk, hid_t file_type) {
  Handle space = dataspace(dims);
  Handle dcpl(check(H5Pcreate(H5P_DATASET_CREATE), "dataset list"), H5Pclose);
  // An empty dataset (a category axis with no entries) cannot be chunked, nor needs to be.
  const bool empty = std::find(dims.begin(), dims.end(), hsize_t{0}) != dims.end();
  if (!chunk.empty() && !empty) {
    check(H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data()), "chunk " + name);
    check(H5Pset_shuffle(dcpl), "shuffle " + name);
    check(H5Pset_deflate(dcpl, 1), "deflate " + name);  // level matters only to H5Dwrite
  }
  return Handle(
      check(H5Dcreate2(parent, name.c_str(), file_type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT),
            "create dataset " + name),
      H5Dclose);
}

void write_doubles(hid_t dataset, const std::vector<double>& values) {
  if (values.empty()) return;  // an empty dataset has nothing to write
  check(H5Dwrite(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
        "write dataset");
}

void write_doubles(hid_t dataset, const std::vector<hsize_t>& start,
                   const std::vector<hsize_t>& count, const double* values) {
  Handle file_space(check(H5Dget_space(dataset), "dataset space"), H5Sclose);
  check(
      H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
      "select block");
  Handle mem_space = dataspace(count);
  check(H5Dwrite(dataset, H5T_NATIVE_DOUBLE, mem_space, file_space, H5P_DEFAULT, values),
        "write block");
}

Handle write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& v) {
  Handle t = string_type();
  Handle space = dataspace({v.size()});
  Handle ds(check(H5Dcreate2(parent, name.c_str(), t, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                  "create dataset " + name),
            H5Dclose);
  std::vector<const char*> ptrs;
  for (const auto& s : v) ptrs.push_back(s.c_str());
  if (!v.empty())
    check(H5Dwrite(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), "write " + name);
  return ds;
}

std::vector<hsize_t> shape(hid_t dataset) {
  Handle space(check(H5Dget_space(dataset), "dataset space"), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return dims;
}

std::string path_of(hid_t object) {
  char buf[1024] = {0};
  if (H5Iget_name(object, buf, sizeof buf) <= 0) return "(unnamed)";
  return buf[0] == '/' ? buf + 1 : buf;
}

namespace {

[[noreturn]] void damaged(hid_t dataset) {
  throw UserError("damaged results file: dataset '" + path_of(dataset) + "' cannot be read");
}

}  // namespace

std::vector<double> read_doubles(hid_t dataset) {
  std::size_t n = 1;
  for (hsize_t d : shape(dataset)) n *= d;
  std::vector<double> values(n);
  if (n && H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
    damaged(dataset);
  return values;
}

std::vector<double> read_doubles(hid_t dataset, const std::vector<hsize_t>& start,
                                 const std::vector<hsize_t>& count) {
  std::size_t n = 1;
  for (hsize_t c : count) n *= c;
  std::vector<double> values(n);
  if (n == 0) return values;
  Handle file_space(H5Dget_space(dataset), H5Sclose);
  if (file_space.id() < 0 || H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr,
                                                 count.data(), nullptr) < 0)
    damaged(dataset);
  Handle mem_space = dataspace(count);
  if (H5Dread(dataset, H5T_NATIVE_DOUBLE, mem_space, file_space, H5P_DEFAULT, values.data()) < 0)
    damaged(dataset);
  return values;
}

std::vector<std::string> read_strings(hid_t dataset) {
  const auto dims = shape(dataset);
  std::size_t n = 1;
  for (hsize_t d : dims) n *= d;
  Handle t = string_type();
  std::vector<char*> ptrs(n, nullptr);
  if (n && H5Dread(dataset, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) < 0) damaged(dataset);
  std::vector<std::string> out;
  for (char* p : ptrs) {
    out.emplace_back(p ? p : "");
    H5free_memory(p);
  }
  return out;
}

void make_scale(hid_t scale, const std::string& name) {
  check(H5DSset_scale(scale, name.c_str()), "make dimension scale " + name);
}

void attach_scale(hid_t dataset, hid_t scale, unsigned dim) {
  check(H5DSattach_scale(dataset, scale, dim), "attach dimension scale");
  char name[256] = {0};
  check(static_cast<hid_t>(H5DSget_scale_name(scale, name, sizeof name)), "dimension scale name");
  check(H5DSset_label(dataset, dim, name), "label dimension");
}

bool is_scale(hid_t dataset) {
  return H5DSis_scale(dataset) > 0;
}

std::vector<Handle> scales_of(hid_t dataset, unsigned dim) {
  std::vector<Handle> scales;
  const int n = H5DSget_num_scales(dataset, dim);
  if (n <= 0) return scales;
  std::vector<hid_t> ids;
  int index = 0;
  const herr_t status = H5DSiterate_scales(
      dataset, dim, &index,
      [](hid_t, unsigned, hid_t scale, void* out) -> herr_t {
        // HDF5 closes the scale after this call: a reference of our own keeps it open.
        if (H5Iinc_ref(scale) < 0) return -1;
        static_cast<std::vector<hid_t>*>(out)->push_back(scale);
        return 0;
      },
      &ids);
  for (hid_t id : ids) scales.emplace_back(id, H5Dclose);
  if (status < 0) scales.clear();
  return scales;
}

std::string scale_name(hid_t scale) {
  char buf[256] = {0};
  if (H5DSget_scale_name(scale, buf, sizeof buf) < 0) return "";
  return buf;
}

}  // namespace wfsim::h5
