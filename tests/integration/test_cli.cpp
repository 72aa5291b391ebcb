// The wfsim program as a user meets it: exit codes, messages, and the files it leaves.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Result {
  int status = -1;
  std::string out;  // stdout and stderr together
};

//! Runs a shell command line; stdout and stderr together.
Result run_raw(const std::string& command) {
  const std::string cmd = command + " 2>&1";
  Result r;
  FILE* pipe = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf;
  while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) r.out.append(buf.data(), n);
  const int raw = pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

Result run(const std::string& args) {
  return run_raw(std::string(WFSIM_BINARY) + " " + args);
}

//! Runs `script` with sh, output and status as run() gives them.
Result run_shell(const std::string& script) {
  std::string quoted = "'";
  for (char c : script) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return run_raw("sh -c " + quoted + "'");
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("wfsim_cli_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
            std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  //! The linear test scenario with one line replaced.
  fs::path scenario_with(const std::string& from, const std::string& to) {
    std::string text = read_text(std::string(WFSIM_TEST_DATA) + "/linear.yaml");
    text.replace(text.find(from), from.size(), to);
    const fs::path p = dir_ / "scenario.yaml";
    std::ofstream(p) << text;
    return p;
  }
  std::size_t files_in_dir() const {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(dir_), fs::directory_iterator{}));
  }

  fs::path dir_;
};

}  // namespace

TEST_F(Cli, HelpOnEveryCommand) {
  for (const char* args :
       {"--help", "run --help", "new --help", "check --help", "expected --help", "export --help",
        "compare --help", "seek --help", "sweep --help", "report --help", "help", "help seek"}) {
    const Result r = run(args);
    EXPECT_EQ(r.status, 0) << args;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << args << "\n" << r.out;
  }
  EXPECT_NE(run("run --help").out.find("--replications"), std::string::npos);
  EXPECT_NE(run("help sweep").out.find("Usage: " + std::string(WFSIM_BINARY) + " sweep"),
            std::string::npos);
}

// wfsim new writes a starter that check accepts as it is, and never writes over a scenario
// someone may have edited, nor anything for figures it refuses.
TEST_F(Cli, NewWritesAStarterAndKeepsWhatExists) {
  const fs::path out = dir_ / "anytown.yaml";
  Result r = run("new --council Anytown --fte 60 --vacancies 6 --agency 4 -o " + out.string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("Scenario written to " + out.string()), std::string::npos) << r.out;
  r = run("check " + out.string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("Opening position"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("warning"), std::string::npos) << r.out;

  const std::string before = read_text(out);
  r = run("new --fte 80 -o " + out.string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("exists: give another name with -o, or --force to replace it"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(read_text(out), before);
  EXPECT_EQ(run("new --fte 80 --force -q -o " + out.string()).status, 0);
  EXPECT_NE(read_text(out), before);

  const fs::path other = dir_ / "other.yaml";
  r = run("new --turnover 1.5 -o " + other.string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("--turnover: a share of a year's staff"), std::string::npos) << r.out;
  r = run("new --start 2026-13 -o " + other.string());
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("--start: expected a month as YYYY-MM, got '2026-13'"), std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(other));
  EXPECT_EQ(files_in_dir(), 1u);  // no temporary file left beside it
}

TEST_F(Cli, RunWritesResultsAndASummary) {
  const fs::path out = dir_ / "out.h5";
  const Result r = run("run " + std::string(WFSIM_TEST_DATA) +
                       "/linear.yaml -n 200 --threads 2 -o " + out.string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(fs::exists(out));
  EXPECT_EQ(files_in_dir(), 1u);  // no temporary file left beside it
  EXPECT_NE(r.out.find("200 replications, 36 months from 2024-01"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Median (P10-P90"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2025-03"), std::string::npos) << r.out;
}

TEST_F(Cli, OverridesReachTheRun) {
  const Result r = run("run " + std::string(WFSIM_TEST_DATA) + "/linear.yaml -n 30 --horizon 14 " +
                       "--seed 5 -o " + (dir_ / "o.h5").string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("30 replications, 14 months from 2024-01"), std::string::npos) << r.out;
}

TEST_F(Cli, MisspeltKeyFailsWithLineColumnAndSuggestionAndWritesNothing) {
  const fs::path scenario = scenario_with("    leaving_rate: 0.12", "    leaving_rte: 0.12");
  const Result r = run("run " + scenario.string() + " -o " + (dir_ / "out.h5").string());
  EXPECT_EQ(r.status, 1);
  // The line the misspelt key is on, counted from the file.
  const std::string text = read_text(scenario);
  const auto line = 1 + std::count(text.begin(), text.begin() + text.find("leaving_rte"), '\n');
  EXPECT_NE(r.out.find("scenario.yaml (line " + std::to_string(line) +
                       ", col 5): stages[3].leaving_rte: unknown key; did you mean "
                       "'leaving_rate'?"),
            std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(dir_ / "out.h5"));
  EXPECT_EQ(files_in_dir(), 1u);  // the scenario only
}

TEST_F(Cli, BadInputNeverOverwritesAnExistingFile) {
  const fs::path out = dir_ / "out.h5";
  std::ofstream(out) << "precious";
  const fs::path scenario = scenario_with("horizon_months: 36", "horizon_months: 0");
  const Result r = run("run " + scenario.string() + " -o " + out.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("horizon_months: expected a whole number from 1 to 1200, got 0"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(read_text(out), "precious");
}

TEST_F(Cli, MissingOutputFolderIsAUserError) {
  const Result r = run("run " + std::string(WFSIM_TEST_DATA) + "/linear.yaml -n 5 -o " +
                       (dir_ / "nowhere" / "out.h5").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("does not exist"), std::string::npos) << r.out;

  // A "folder" that is a file is not said not to exist.
  std::ofstream(dir_ / "notes.txt") << "notes";
  const fs::path out = dir_ / "notes.txt" / "out.h5";
  const Result f =
      run("run " + std::string(WFSIM_TEST_DATA) + "/linear.yaml -n 5 -o " + out.string());
  EXPECT_EQ(f.status, 1);
  EXPECT_NE(f.out.find("cannot write '" + out.string() + "': '" + (dir_ / "notes.txt").string() +
                       "' is not a folder"),
            std::string::npos)
      << f.out;
  EXPECT_EQ(read_text(dir_ / "notes.txt"), "notes");
}

TEST_F(Cli, CheckAndExpected) {
  const Result c = run("check " + std::string(WFSIM_TEST_DATA) + "/linear.yaml");
  EXPECT_EQ(c.status, 0) << c.out;
  EXPECT_NE(c.out.find("OK"), std::string::npos);
  const Result e = run("expected " + std::string(WFSIM_TEST_DATA) + "/linear.yaml");
  EXPECT_EQ(e.status, 0) << e.out;
  EXPECT_NE(e.out.find("expected-value projection"), std::string::npos) << e.out;
}

// check counts the values each replication draws, not the parameters: a banded leaving rate
// draws one value per band, and a change to a distribution from a later month one more.
TEST_F(Cli, CheckCountsWhatIsDrawn) {
  const fs::path sc = scenario_with(
      "    leaving_rate: [0.3, 0.2, 0.12]",
      "    leaving_rate: [{uniform: [0.2, 0.4]}, 0.2, {beta: {mean: 0.12, sd: 0.02}}]");
  std::ofstream(sc, std::ios::app)
      << "changes:\n  - from: 2025-01\n    set: {intakes.graduate.size: {uniform: [8, 12]}}\n"
      << "  - from: 2026-01\n    set: {intakes.graduate.size: {uniform: [10, 14]}}\n";
  const Result c = run("check " + sc.string());
  EXPECT_EQ(c.status, 0) << c.out;
  EXPECT_NE(c.out.find("base: 4 values drawn per replication, from 3 uncertain parameters"),
            std::string::npos)
      << c.out;
}

TEST_F(Cli, CommandLineMistakesExitWithTwo) {
  EXPECT_EQ(run("").status, 2);
  EXPECT_EQ(run("run").status, 2);
  EXPECT_EQ(run("run x.yaml --no-such-option").status, 2);
  EXPECT_EQ(run("run x.yaml --threads 0").status, 2);
  const Result seed = run("run " + std::string(WFSIM_TEST_DATA) + "/linear.yaml --seed=-1 -o " +
                          (dir_ / "o.h5").string());
  EXPECT_EQ(seed.status, 1);
  EXPECT_NE(seed.out.find("--seed: expected a whole number"), std::string::npos) << seed.out;
  EXPECT_FALSE(fs::exists(dir_ / "o.h5"));
}

namespace {

//! Starts wfsim with `args`, output silenced; returns its process id.
pid_t start(const std::vector<std::string>& args) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    dup2(devnull, STDOUT_FILENO), dup2(devnull, STDERR_FILENO);
    std::vector<char*> argv{const_cast<char*>(WFSIM_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(WFSIM_BINARY, argv.data());
    _exit(127);
  }
  return pid;
}

}  // namespace

// Ctrl-C or SIGTERM during a run: exit 128 + signal, the old file intact, nothing left
// behind. One case has many short blocks; the other a single block of long replications.
TEST_F(Cli, InterruptLeavesNoFile) {
  const std::string scenario = std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml";
  const fs::path out = dir_ / "big.h5";
  struct Case {
    int signal;
    std::vector<std::string> size;
  };
  for (const Case& c : {Case{SIGINT, {"-n", "100000000"}},
                        Case{SIGTERM, {"-n", "1000", "--horizon", "1200", "--threads", "1"}}}) {
    std::ofstream(out) << "precious";
    std::vector<std::string> args{"run", scenario, "-o", out.string()};
    args.insert(args.end(), c.size.begin(), c.size.end());
    const pid_t pid = start(args);
    // Wait until the run has started its temporary file, then send the signal.
    for (int i = 0; i < 200 && files_in_dir() < 2; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(files_in_dir(), 2u) << "the run never started its temporary file";
    kill(pid, c.signal);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status)) << "signal " << c.signal;
    EXPECT_EQ(WEXITSTATUS(status), 128 + c.signal);
    EXPECT_EQ(read_text(out), "precious");
    EXPECT_EQ(files_in_dir(), 1u);
  }
}

// A stop acts within a replication, month by month: one replication of a workforce of a
// million over a century takes half a minute, yet SIGTERM ends the run at once (the bound
// below is generous; before, the stop waited for the replication to end).
TEST_F(Cli, StopActsWithinALongReplication) {
  const fs::path scenario = dir_ / "huge.yaml";
  std::ofstream(scenario) << "schema_version: 1\nname: huge\nstart: 2024-04\n"
                             "horizon_months: 1200\nreplications: 1\nseed: 1\nstages:\n"
                             "  - {id: sw, headcount: 1000000, turnover_rate: 0.1}\n"
                             "establishment:\n  - {id: posts, stages: [sw], fte: 1000000,\n"
                             "     recruitment: {stage: sw, monthly_fill_probability: 1}}\n";
  const fs::path out = dir_ / "huge.h5";
  const pid_t pid = start({"run", scenario.string(), "-o", out.string(), "--threads", "1"});
  for (int i = 0; i < 200 && files_in_dir() < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // well into the replication
  const auto sent = std::chrono::steady_clock::now();
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  const double waited =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 128 + SIGTERM);
  EXPECT_LT(waited, 10.0);        // the whole replication takes over 30 s here
  EXPECT_EQ(files_in_dir(), 1u);  // the scenario only
}

// A sweep starts its output before the work (to report an unwritable folder at once) and
// cannot stop part-way: Ctrl-C ends it at once, without leaving its temporary file.
TEST_F(Cli, InterruptedSweepLeavesNoFile) {
  const std::string scenario = std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml";
  const pid_t pid =
      start({"sweep", scenario, "-n", "10000000", "-o", (dir_ / "sweep.csv").string()});
  for (int i = 0; i < 200 && files_in_dir() < 1; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(files_in_dir(), 1u) << "the sweep never started its temporary file";
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGINT);
  EXPECT_EQ(files_in_dir(), 0u);
}

// An output that is one of the command's inputs, by any name, is refused and the input kept.
TEST_F(Cli, OutputOverAnInputIsRefused) {
  const fs::path scenario = scenario_with("name:", "name:");
  const std::string text = read_text(scenario);
  fs::create_symlink(scenario, dir_ / "results.h5");
  Result r = run("run " + scenario.string() + " -o " + (dir_ / "results.h5").string() + " -n 5");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("it is the input"), std::string::npos) << r.out;
  EXPECT_EQ(read_text(scenario), text);

  const fs::path results = dir_ / "out.h5";
  ASSERT_EQ(run("run " + scenario.string() + " -q -n 5 -o " + results.string()).status, 0);
  const std::string bytes = read_text(results);
  fs::create_hard_link(results, dir_ / "same.csv");
  fs::create_hard_link(results, dir_ / "same.html");
  fs::copy_file(std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml", dir_ / "k.yaml");
  fs::create_hard_link(dir_ / "k.yaml", dir_ / "k.csv");
  const std::string sweep_text = read_text(dir_ / "k.yaml");
  for (const std::string& args :
       {"export " + results.string() + " -o " + (dir_ / "same.csv").string(),
        "report " + results.string() + " -o " + (dir_ / "same.html").string(),
        "sweep " + (dir_ / "k.yaml").string() + " -n 2 -o " + (dir_ / "." / "k.csv").string()}) {
    r = run(args);
    EXPECT_EQ(r.status, 1) << args << "\n" << r.out;
  }
  EXPECT_EQ(read_text(results), bytes);
  EXPECT_EQ(read_text(scenario), text);
  EXPECT_EQ(read_text(dir_ / "k.yaml"), sweep_text);
}

// An output name that says another kind of file is refused before anything is written.
TEST_F(Cli, OutputOfAnotherKindIsRefused) {
  const std::string scenario = std::string(WFSIM_TEST_DATA) + "/linear.yaml";
  Result r = run("run " + scenario + " -n 5 -o " + (dir_ / "x.csv").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("this command writes an HDF5 results file, not a .csv file; name it "
                       "with .h5"),
            std::string::npos)
      << r.out;
  const fs::path results = dir_ / "out.h5";
  ASSERT_EQ(run("run " + scenario + " -q -n 5 -o " + results.string()).status, 0);
  EXPECT_EQ(run("export " + results.string() + " -o " + (dir_ / "x.h5").string()).status, 1);
  EXPECT_EQ(run("report " + results.string() + " -o " + (dir_ / "x.csv").string()).status, 1);
  EXPECT_EQ(files_in_dir(), 1u);
}

// A file-size limit, like a full disk, is the user's to fix: exit 1 with the reason, the
// temporary file removed, and no crash on the way out.
TEST_F(Cli, FileTooLargeOrDiskFullIsReportedAndCleanedUp) {
  const std::string scenario = std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml";
  const fs::path out = dir_ / "out.h5";
  Result r = run_shell("ulimit -f 1000; exec " + std::string(WFSIM_BINARY) + " run " + scenario +
                       " -n 2000 -q -o " + out.string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("cannot write '" + out.string() + "': File too large"), std::string::npos)
      << r.out;
  EXPECT_EQ(files_in_dir(), 0u);

  // So small a limit that HDF5 cannot even start the file: the same message, not the
  // temporary file's name.
  r = run_shell("ulimit -f 1; exec " + std::string(WFSIM_BINARY) + " run " + scenario +
                " -n 5 -q -o " + out.string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("cannot write '" + out.string() + "': File too large"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find(".tmp-"), std::string::npos) << r.out;
  EXPECT_EQ(files_in_dir(), 0u);

  // The same for the text files of export and report.
  ASSERT_EQ(run("run " + scenario + " -n 200 -q -o " + out.string()).status, 0);
  for (const std::string& args : {"export " + out.string() + " -o " + (dir_ / "o.csv").string(),
                                  "report " + out.string() + " -o " + (dir_ / "o.html").string()}) {
    r = run_shell("ulimit -f 8; exec " + std::string(WFSIM_BINARY) + " " + args);
    EXPECT_EQ(r.status, 1) << args << "\n" << r.out;
    EXPECT_NE(r.out.find("': File too large"), std::string::npos) << args << "\n" << r.out;
    EXPECT_EQ(files_in_dir(), 1u) << args;  // the results file only
  }
  fs::remove(out);

  // A full disk: a small tmpfs in a mount namespace of its own, where the system allows it.
  const fs::path small = dir_ / "small";
  fs::create_directories(small);
  r = run_shell("unshare -m sh -c 'mount -t tmpfs -o size=1m tmpfs " + small.string() +
                " || exit 77; exec " + WFSIM_BINARY + " run " + scenario + " -n 2000 -q -o " +
                (small / "out.h5").string() + "; '");
  if (r.status == 77 || r.out.find("unshare") != std::string::npos)
    GTEST_SKIP() << "cannot mount a small file system here: " << r.out;
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("No space left on device"), std::string::npos) << r.out;
}

// A folder that cannot be written: the user's file named, with the system's reason (not the
// temporary file's name).
TEST_F(Cli, ReadOnlyFolderSaysWhy) {
  const std::string scenario = std::string(WFSIM_TEST_DATA) + "/linear.yaml";
  // Tests run as root, whom chmod does not stop; /sys takes no new files even from root.
  if (fs::is_directory("/sys")) {
    for (const std::string& args : {"run " + scenario + " -n 5 -q -o /sys/out.h5",
                                    "sweep " + scenario + " -o /sys/out.csv"}) {
      const Result r = run(args);
      EXPECT_EQ(r.status, 1) << args << "\n" << r.out;
      const auto at = r.out.find("cannot write '/sys/out.");
      ASSERT_NE(at, std::string::npos) << args << "\n" << r.out;
      // The reason follows the name: "Permission denied" or "Read-only file system".
      EXPECT_TRUE(r.out.find("': Permission denied", at) != std::string::npos ||
                  r.out.find("': Read-only file system", at) != std::string::npos)
          << r.out;
      EXPECT_EQ(r.out.find(".tmp-"), std::string::npos) << r.out;
    }
  }
  const fs::path ro = dir_ / "ro";
  fs::create_directories(ro);
  const Result r = run_shell("unshare -m sh -c 'mount -t tmpfs -o ro,size=1m tmpfs " + ro.string() +
                             " || exit 77; exec " + WFSIM_BINARY + " run " + scenario +
                             " -n 5 -q -o " + (ro / "out.h5").string() + "'");
  if (r.status == 77 || r.out.find("unshare") != std::string::npos)
    GTEST_SKIP() << "cannot mount a read-only file system here: " << r.out;
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("cannot write '" + (ro / "out.h5").string() + "': Read-only file system"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find(".tmp-"), std::string::npos) << r.out;
}

TEST_F(Cli, UnknownNamesSuggestTheNearest) {
  Result r = run("rnu x.yaml");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("unknown command 'rnu'; did you mean 'run'?"), std::string::npos) << r.out;
  const std::string scenario = std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml";
  r = run("sweep " + scenario + " --strategy grow_our_owm -n 2");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("no strategy called 'grow_our_owm'; did you mean 'grow_our_own'?"),
            std::string::npos)
      << r.out;
  r = run("seek " + scenario +
          " --lever intakes.graduate_asye.sise --range 0 5 --target permanence_85 --by 2025-03 "
          "--chance 0.5 -n 2");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("did you mean 'intakes.graduate_asye.size'?"), std::string::npos) << r.out;
  r = run("seek " + scenario +
          " --lever intakes.graduate_asye.size --range 0 5 --target permanense_85 --by 2025-03 "
          "--chance 0.5 -n 2");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("did you mean 'permanence_85'?"), std::string::npos) << r.out;
  r = run("seek " + scenario +
          " --lever intakes.graduate_asye.size --range 0 5 --target permanence_85 --by 2025-03 "
          "--chance 0.5 -n 2 --strategy grow_our_onw");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("no strategy called 'grow_our_onw'; did you mean 'grow_our_own'?"),
            std::string::npos)
      << r.out;

  // Options: the nearest the command takes, even when the typo leaves a required one out.
  r = run("run " + scenario + " --replication 5");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("wfsim run has no option '--replication'; did you mean "
                       "'--replications'?"),
            std::string::npos)
      << r.out;
  r = run("seek " + scenario + " --lever a --range 0 5 --targte x --by 2025-03 --chance 0.5");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("wfsim seek has no option '--targte'; did you mean '--target'?"),
            std::string::npos)
      << r.out;
  r = run("compare results.h5 -o x.csv");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("wfsim compare has no option '-o'; choose from --help, --at"),
            std::string::npos)
      << r.out;
  r = run("--verison");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("did you mean '--version'?"), std::string::npos) << r.out;

  // A file where the command should be: the command that reads it.
  r = run("my_scenario.yaml");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("unknown command 'my_scenario.yaml'; to run this scenario: wfsim run "
                       "my_scenario.yaml"),
            std::string::npos)
      << r.out;
}

// seek names its date --at, as compare and sweep do; --by, its former name, still works.
TEST_F(Cli, SeekTakesAtAndStillBy) {
  const std::string seek = "seek " + std::string(WFSIM_SCENARIOS) +
                           "/knowsley_childrens.yaml --lever intakes.graduate_asye.size "
                           "--range 0 2 --target permanence_85 --chance 0.5 -n 5 -t 1 ";
  for (const char* date : {"--at 2025-03", "--by 2025-03"}) {
    const Result r = run(seek + date);
    EXPECT_EQ(r.status, 0) << date << "\n" << r.out;
    EXPECT_NE(r.out.find("chance of permanence_85 by 2025-03"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Answer: "), std::string::npos) << r.out;
  }
  const Result missing = run(seek);
  EXPECT_EQ(missing.status, 2) << missing.out;
  EXPECT_NE(missing.out.find("--at is required"), std::string::npos) << missing.out;
  EXPECT_NE(run("help seek").out.find("--at"), std::string::npos);
}

// A sweep over levers named on the command line, without a sweep section in the scenario,
// reported at the end of the horizon or at a month named with --at.
TEST_F(Cli, SweepOverLeversFromTheCommandLine) {
  const std::string scenario = std::string(WFSIM_TEST_DATA) + "/linear.yaml";
  const fs::path csv = dir_ / "grid.csv";
  Result r = run("sweep " + scenario +
                 " --lever intakes.graduate.size --values 5 10 --lever "
                 "intakes.apprenticeship.size --values 0,4,8 -n 20 -t 2 -o " +
                 csv.string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("linear test: sweep at the end of the horizon (20 replications a point"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  intakes.graduate.size  intakes.apprenticeship.size  | agency FTE"),
            std::string::npos)
      << r.out;
  const std::string table = read_text(csv);
  EXPECT_EQ(table.rfind("intakes.graduate.size,intakes.apprenticeship.size,agency_fte_median,", 0),
            0u)
      << table;
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 7);  // 2 x 3 points, + header
  EXPECT_EQ(files_in_dir(), 1u);

  // The scenario may come after the values: nothing else is left to take it.
  r = run("sweep --lever intakes.graduate.size --values 5 10 --at 2025-06 --from 2024-09 -n 20 " +
          scenario);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("linear test: sweep at 2025-06 (20 replications a point"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("more agency FTE in 2025-06."), std::string::npos) << r.out;
}

TEST_F(Cli, SweepRefusesWhatItCannotRun) {
  const std::string scenario = std::string(WFSIM_TEST_DATA) + "/linear.yaml";
  struct Case {
    std::string args;
    int status;
    std::string message;
  };
  const std::string lever = " --lever intakes.graduate.size --values 5 10";
  for (const Case& c : std::vector<Case>{
           {"", 1, "the scenario declares no sweep: add a sweep section, or give --lever"},
           {" --lever intakes.graduate.sise --values 5 10", 1,
            "the scenario has no parameter called 'intakes.graduate.sise'; did you mean "
            "'intakes.graduate.size'?"},
           {" --lever intakes.graduate.size", 2,
            "sweep: give each --lever its --values, as --lever PATH --values V1 V2 (wfsim help "
            "sweep)"},
           {" --values 5 10", 2, "sweep: give each --lever its --values"},
           {lever + lever + lever, 2, "sweep: give --lever once or twice, not 3 times"},
           {" --from 2024-09", 2, "sweep: --from goes with --lever"},
           {lever + " --from 2023-09", 1, "--from is before the scenario's start"},
           {lever + " --at 2027-01", 1,
            "cannot report the sweep at '2027-01': it is not within the horizon, 2024-01 to "
            "2026-12"},
           {lever + " --at 2026/27", 1, "cannot report the sweep at '2026/27': expected a month"},
           {" --lever intakes.graduate.size --values 5 ten", 2, "--values: 'ten' is not a number"},
           {" --lever intakes.graduate.size --values 5 10 " + scenario, 2,
            "is not a number; give the scenario before --lever"},
           {lever + " --strategy grow", 1, "no strategy called 'grow'; choose from base"},
           {" --lever intakes.graduate.size --values 5 nan", 1,
            "cannot sweep intakes.graduate.size to nan: it takes values from 0 to "},
       }) {
    const Result r = run("sweep " + scenario + c.args + " -n 5 -o " + (dir_ / "x.csv").string());
    EXPECT_EQ(r.status, c.status) << c.args << "\n" << r.out;
    EXPECT_NE(r.out.find(c.message), std::string::npos) << c.args << "\n" << r.out;
  }
  EXPECT_EQ(files_in_dir(), 0u);
}

// On a terminal, progress names what it counts: the strategy a run is on, the point a sweep
// is on. `script` gives the program a terminal.
TEST_F(Cli, ProgressNamesWhatItCounts) {
  if (run_raw("script --version").status != 0) GTEST_SKIP() << "no `script` to make a terminal";
  const std::string scenario = std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml";
  auto on_terminal = [&](const std::string& args) {
    return run_shell("script -qec '" + std::string(WFSIM_BINARY) + " " + args + "' /dev/null");
  };
  Result r = on_terminal("run " + scenario + " -n 3000 -t 1 -o " + (dir_ / "k.h5").string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("grow_our_own "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/3,000, "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" s left"), std::string::npos) << r.out;
  r = on_terminal("sweep " + scenario +
                  " --lever intakes.graduate_asye.size --values 10 20 -n 3000 -t 1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("point 1/2: graduate_asye.size 10, "), std::string::npos) << r.out;
  // --quiet: no progress either.
  r = on_terminal("run " + scenario + " -n 3000 -t 1 -q -o " + (dir_ / "q.h5").string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, "") << r.out;
}

// A damaged or foreign input is the user's problem (exit 1, the file named), never
// reported as a bug in wfsim (exit 3), whichever command reads it.
TEST_F(Cli, DamagedInputIsNeverABug) {
  const std::string scenario = std::string(WFSIM_TEST_DATA) + "/linear.yaml";
  const fs::path good = dir_ / "good.h5";
  ASSERT_EQ(run("run " + scenario + " -n 20 -q -o " + good.string()).status, 0);
  const std::string bytes = read_text(good);
  std::ofstream(dir_ / "truncated.h5", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  std::ofstream(dir_ / "empty.h5");
  std::string flipped = bytes;
  for (std::size_t i = flipped.size() / 3; i < flipped.size() / 3 + 64; ++i) flipped[i] ^= 0x5a;
  std::ofstream(dir_ / "flipped.h5", std::ios::binary) << flipped;
  for (const char* name : {"truncated.h5", "empty.h5", "flipped.h5"}) {
    const std::string file = (dir_ / name).string();
    for (const std::string& args :
         {"export " + file + " -o " + (dir_ / "x.csv").string(),
          "report " + file + " -o " + (dir_ / "x.html").string(), "compare " + file}) {
      const Result r = run(args);
      EXPECT_EQ(r.status, 1) << args << "\n" << r.out;
      EXPECT_NE(r.out.find(file), std::string::npos) << args << "\n" << r.out;
      EXPECT_EQ(r.out.find("bug"), std::string::npos) << args << "\n" << r.out;
    }
    // A results file given where a scenario belongs.
    const Result r = run("run " + file + " -n 5 -o " + (dir_ / "x.h5").string());
    EXPECT_EQ(r.status, 1) << name << "\n" << r.out;
  }
  EXPECT_FALSE(fs::exists(dir_ / "x.csv"));
  EXPECT_FALSE(fs::exists(dir_ / "x.html"));
  EXPECT_FALSE(fs::exists(dir_ / "x.h5"));
}

// Running out of memory is a limit of the machine, said plainly, not a bug in wfsim.
TEST_F(Cli, OutOfMemoryIsNotABug) {
#ifdef WFSIM_SANITIZED
  GTEST_SKIP() << "AddressSanitizer needs far more address space than the limit this test sets";
#endif
  const std::string scenario = std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml";
  const fs::path out = dir_ / "out.h5";
  const Result r = run_shell("ulimit -v 100000; exec " + std::string(WFSIM_BINARY) + " run " +
                             scenario + " -n 100000 -q --threads 1 -o " + out.string());
  if (r.status == 0) GTEST_SKIP() << "the run fitted in 100 MB of address space here";
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("wfsim: error: out of memory"), std::string::npos) << r.out;
  EXPECT_EQ(files_in_dir(), 0u);
}

// expected titles each strategy's table and takes only what means something without chance.
TEST_F(Cli, ExpectedTitlesEachStrategy) {
  const std::string scenario = std::string(WFSIM_SCENARIOS) + "/knowsley_childrens.yaml";
  Result r = run("expected " + scenario);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("Base: the scenario as given"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Strategy grow_our_own: "), std::string::npos) << r.out;
  EXPECT_EQ(run("expected " + scenario + " --replications 5").status, 2);
  EXPECT_EQ(run("expected " + scenario + " --seed 5").status, 2);
}

// Every scenario shipped in scenarios/ checks and runs (quickly: few replications).
TEST_F(Cli, EveryExampleScenarioRuns) {
  int found = 0;
  for (const auto& entry : fs::directory_iterator(WFSIM_SCENARIOS)) {
    if (entry.path().extension() != ".yaml") continue;
    ++found;
    const Result check = run("check " + entry.path().string());
    EXPECT_EQ(check.status, 0) << entry.path() << "\n" << check.out;
    const fs::path out = dir_ / (entry.path().stem().string() + ".h5");
    const Result r = run("run " + entry.path().string() + " -n 200 -o " + out.string());
    EXPECT_EQ(r.status, 0) << entry.path() << "\n" << r.out;
    EXPECT_TRUE(fs::exists(out)) << entry.path();
    EXPECT_NE(r.out.find("Strategy "), std::string::npos)
        << entry.path() << " has no strategy to compare with its status quo";
  }
  EXPECT_GE(found, 1);
}

TEST_F(Cli, CalibrateFromAStaffExtractWritesAScenarioThatRuns) {
  const fs::path out = dir_ / "council.yaml";
  const Result r = run("calibrate --staff " + std::string(WFSIM_TEST_DATA) +
                       "/staff_extract.csv --as-at 2024-09-30 -o " + out.string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(fs::exists(out));
  EXPECT_EQ(files_in_dir(), 1u);  // no temporary file left beside it
  for (const char* line :
       {"462 people, 573 spells (90 agency), as at 2024-09-30",
        "window: 2021-10 to 2024-09 (36 months)", "social_worker, under 1 year",
        "time-based: asye, 12 months, then social_worker", "Scenario written to"})
    EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
  const Result check = run("check " + out.string());
  EXPECT_EQ(check.status, 0) << check.out;
  EXPECT_NE(check.out.find("3 stages, 1 intakes, 1 establishment groups; 48 months from 2024-10"),
            std::string::npos)
      << check.out;
  const Result help = run("help calibrate");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("wfsim calibrate --staff STAFF.csv --as-at YYYY-MM-DD"),
            std::string::npos)
      << help.out;
}

TEST_F(Cli, CalibrateRefusesAMalformedOrCutStaffExtractAndWritesNothing) {
  const std::string text = read_text(std::string(WFSIM_TEST_DATA) + "/staff_extract.csv");
  // Line 5's start_date (the fourth field) made a day that does not exist.
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::string& fifth = lines.at(4);
  std::size_t at = 0;
  for (int k = 0; k < 3; ++k) at = fifth.find(',', at) + 1;
  fifth.replace(at, fifth.find(',', at) - at, "2021-02-30");
  std::string bad;
  for (const auto& line : lines) bad += line + "\n";
  const fs::path extract = dir_ / "staff.csv", out = dir_ / "out.yaml";
  std::ofstream(extract) << bad;
  Result r =
      run("calibrate --staff " + extract.string() + " --as-at 2024-09-30 -o " + out.string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("staff.csv (line 5, column 4 'start_date'): '2021-02-30' is not a date"),
            std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(files_in_dir(), 1u);
  // A file cut off part-way through a row.
  std::ofstream(extract, std::ios::trunc) << text.substr(0, text.size() / 2);
  r = run("calibrate --staff " + extract.string() + " --as-at 2024-09-30 -o " + out.string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("staff.csv (line "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("fields; the header has 8"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(out));
  // A window reaching back before the extract lists any leaver.
  r = run("calibrate --staff " + std::string(WFSIM_TEST_DATA) +
          "/staff_extract.csv --as-at 2019-09-30 -o " + out.string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("so the extract does not list those who left before 2020-09"),
            std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(Cli, CalibrateTakesOneSourceWithItsKindOfAsAt) {
  const std::string staff = std::string(WFSIM_TEST_DATA) + "/staff_extract.csv";
  const std::string dfe = std::string(WFSIM_TEST_DATA) + "/csww_excerpt.csv";
  const std::string out = " -o " + (dir_ / "out.yaml").string();
  struct Case {
    std::string args, message;
  };
  const Case cases[] = {
      {dfe + " --council Knowsley --staff " + staff + " --as-at 2024-09-30",
       "give either the DfE indicator file with --council, or --staff with an HR extract, not "
       "both"},
      {"--council Knowsley --staff " + staff + " --as-at 2024-09-30", "not both"},
      {"--as-at 2019", "give the DfE indicator file and --council, or --staff"},
      {dfe + " --as-at 2019", "name the council with --council"},
      {dfe + " --council Knowsley --as-at 2019 --window-months 12",
       "--window-months and --tenure-bands go with --staff"},
      {dfe + " --council Knowsley --as-at 2019-09-30",
       "with the DfE file, expected a reporting year such as 2019, got '2019-09-30'"},
      {"--staff " + staff + " --as-at 2024", "with --staff, expected a date YYYY-MM-DD"},
  };
  for (const Case& c : cases) {
    const Result r = run("calibrate " + c.args + out);
    EXPECT_EQ(r.status, 2) << c.args << "\n" << r.out;
    EXPECT_NE(r.out.find(c.message), std::string::npos) << c.args << "\n" << r.out;
  }
  const Result r = run("calibrate --staff " + staff + " --as-at 2024-09-15" + out);
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("the count date at the end of a month, such as 2024-09-30"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(files_in_dir(), 0u);
}

// ---------------------------------------------------------------------------------------------
// calibrate and backtest, on the DfE indicator file shipped in data/

namespace {

const std::string DFE_FILE = std::string(WFSIM_DATA) + "/csww_indicators_2017_to_2021.csv";

}  // namespace

TEST_F(Cli, CalibrateWritesAScenarioThatChecksAndRuns) {
  const fs::path scenario = dir_ / "knowsley_2019.yaml";
  Result r =
      run("calibrate " + DFE_FILE + " --council Knowsley --as-at 2019 -o " + scenario.string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("Knowsley (E08000011) as at 30 September 2019"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Scenario written to " + scenario.string()), std::string::npos) << r.out;
  EXPECT_EQ(files_in_dir(), 1u);  // no temporary file left beside it
  const std::string text = read_text(scenario);
  EXPECT_NE(text.find("headcount: 122  # inpost_headcount 2019"), std::string::npos) << text;

  r = run("check " + scenario.string());
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("48 months from 2019-10"), std::string::npos) << r.out;
  r = run("run " + scenario.string() + " -n 20 -q -o " + (dir_ / "k.h5").string());
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(fs::exists(dir_ / "k.h5"));

  // --horizon reaches the scenario; a council named by its code.
  r = run("calibrate " + DFE_FILE + " --council E08000015 --as-at 2020 --horizon 12 -o " +
          (dir_ / "wirral.yml").string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(read_text(dir_ / "wirral.yml").find("horizon_months: 12\n"), std::string::npos);
}

// Every refusal: exit 1 and a message naming what is wrong, and no file, not even a
// temporary one, left in the output's folder.
TEST_F(Cli, CalibrateAndBacktestRefuseBadInputLeavingNoFile) {
  const std::string text = read_text(DFE_FILE);
  // A damaged file: one row with a field too many.
  std::string damaged = text;
  const auto at = damaged.find("\n2019,") + 1;
  damaged.insert(damaged.find('\n', at), ",1");
  const auto damaged_line = 1 + std::count(text.begin(), text.begin() + at, '\n');
  const fs::path data = dir_ / "data";
  fs::create_directories(data);
  std::ofstream(data / "damaged.csv") << damaged;
  const fs::path out = dir_ / "out";
  fs::create_directories(out);

  struct Case {
    std::string args, message;
  };
  const std::string yaml = " -o " + (out / "s.yaml").string();
  const std::string csv = " -o " + (out / "b.csv").string();
  const std::string missing = (data / "no_such_file.csv").string();
  const std::string bad = (data / "damaged.csv").string();
  for (const Case& c : std::vector<Case>{
           {"calibrate " + missing + " --council Knowsley --as-at 2019" + yaml, missing},
           {"backtest " + missing + " --council Knowsley --as-at 2019 -n 10" + csv, missing},
           {"calibrate " + bad + " --council Knowsley --as-at 2019" + yaml,
            "damaged.csv (line " + std::to_string(damaged_line) + ")"},
           {"backtest " + bad + " --all --as-at 2019 -n 10" + csv,
            "damaged.csv (line " + std::to_string(damaged_line) + ")"},
           {"calibrate " + DFE_FILE + " --council Knowsly --as-at 2019" + yaml,
            "no council named 'Knowsly'"},
           {"backtest " + DFE_FILE + " --council Knowsly --as-at 2019 -n 10" + csv,
            "did you mean 'Knowsley'?"},
           {"calibrate " + DFE_FILE + " --council E06000058 --as-at 2018" + yaml,
            "Bournemouth, Christchurch and Poole (E06000058) has no figures for 2018; it has "
            "2019, 2020, 2021"},
           {"backtest " + DFE_FILE + " --council E06000058 --as-at 2018 -n 10" + csv,
            "has no figures for 2018"},
           {"backtest " + DFE_FILE + " --council Knowsley --as-at 2021 -n 10" + csv,
            "has no year after 2021 to score a projection against"},
           {"calibrate " + DFE_FILE + " --council Knowsley --as-at 2019 -o " +
                (out / "s.csv").string(),
            "this command writes a scenario (YAML), not a .csv file; name it with .yaml"},
           {"backtest " + DFE_FILE + " --council Knowsley --as-at 2019 -n 10 -o " +
                (out / "b.yaml").string(),
            "this command writes CSV, not a .yaml file; name it with .csv"},
           {"backtest " + DFE_FILE + " --as-at 2019 -n 10" + csv,
            "name a council with --council, or give --all"},
       }) {
    const Result r = run(c.args);
    EXPECT_EQ(r.status, 1) << c.args << "\n" << r.out;
    EXPECT_NE(r.out.find(c.message), std::string::npos) << c.args << "\n" << r.out;
    EXPECT_EQ(r.out.find("bug"), std::string::npos) << c.args << "\n" << r.out;
    EXPECT_TRUE(fs::is_empty(out)) << c.args;
  }
  // --council and --all together is a mistake of the command line.
  const Result both =
      run("backtest " + DFE_FILE + " --council Knowsley --all --as-at 2019 -n 10" + csv);
  EXPECT_EQ(both.status, 2) << both.out;
  EXPECT_NE(both.out.find("--all"), std::string::npos) << both.out;
  EXPECT_TRUE(fs::is_empty(out));
}

TEST_F(Cli, BacktestWritesScoresAndPrintsTheSummary) {
  const fs::path out = dir_ / "x.csv";
  const Result r = run("backtest " + DFE_FILE + " --council Knowsley --as-at 2019 -n 50 -o " +
                       out.string() + " --seed 3 --threads 2");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("Backtest: 1 council calibrated as at 2019 and scored on the file's later "
                       "years (50 replications each)"),
            std::string::npos)
      << r.out;
  for (const char* line : {"measure ", "inpost_fte ", "caseload_fte ", "all "})
    EXPECT_NE(r.out.find(std::string("\n") + line), std::string::npos) << line << "\n" << r.out;
  EXPECT_NE(r.out.find("Scores written to " + out.string()), std::string::npos) << r.out;
  const std::string csv = read_text(out);
  EXPECT_EQ(csv.rfind("council,new_la_code,measure,as_at,year,", 0), 0u) << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 21);  // 10 measures x 2 years, + header
  EXPECT_EQ(files_in_dir(), 1u);
}

TEST_F(Cli, HelpOnCalibrateAndBacktest) {
  for (const char* command : {"calibrate", "backtest"}) {
    const Result r = run(std::string("help ") + command);
    EXPECT_EQ(r.status, 0) << command << "\n" << r.out;
    EXPECT_NE(r.out.find("Usage: " + std::string(WFSIM_BINARY) + " " + command), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("--as-at"), std::string::npos) << r.out;
  }
  EXPECT_NE(run("help backtest").out.find("--all"), std::string::npos);
}

// --quiet: nothing but errors, and the files written all the same.
TEST_F(Cli, QuietPrintsNothingButErrors) {
  const std::string scenario = std::string(WFSIM_TEST_DATA) + "/linear.yaml";
  const fs::path results = dir_ / "out.h5";
  const fs::path dfe = dir_ / "dfe";
  fs::create_directories(dfe);
  for (const std::string& args :
       {"run " + scenario + " -n 20 -q -o " + results.string(), "check -q " + scenario,
        "export -q " + results.string() + " -o " + (dir_ / "out.csv").string(),
        "report " + results.string() + " --quiet -o " + (dir_ / "out.html").string(),
        "sweep " + scenario + " --lever intakes.graduate.size --values 5 10 -n 5 -q -o " +
            (dir_ / "sweep.csv").string(),
        "calibrate " + DFE_FILE + " --council Knowsley --as-at 2019 -q -o " +
            (dfe / "k.yaml").string(),
        "backtest " + DFE_FILE + " --council Knowsley --as-at 2019 -n 10 -q -o " +
            (dfe / "b.csv").string()}) {
    const Result r = run(args);
    EXPECT_EQ(r.status, 0) << args << "\n" << r.out;
    EXPECT_EQ(r.out, "") << args;
  }
  for (const char* file : {"out.h5", "out.csv", "out.html", "sweep.csv", "dfe/k.yaml", "dfe/b.csv"})
    EXPECT_TRUE(fs::exists(dir_ / file)) << file;
  // Errors still show.
  const Result r = run("check -q " + (dir_ / "no_such.yaml").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("cannot read scenario file"), std::string::npos) << r.out;
}
