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

Result run(const std::string& args) {
  const std::string cmd = std::string(WFSIM_BINARY) + " " + args + " 2>&1";
  Result r;
  FILE* pipe = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf;
  while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) r.out.append(buf.data(), n);
  const int raw = pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
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
  for (const char* args : {"--help", "run --help", "check --help", "expected --help",
                           "export --help", "compare --help"}) {
    const Result r = run(args);
    EXPECT_EQ(r.status, 0) << args;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << args << "\n" << r.out;
  }
  EXPECT_NE(run("run --help").out.find("--replications"), std::string::npos);
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
