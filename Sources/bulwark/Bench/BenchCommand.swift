import ArgumentParser

/// `bulwark bench ...`: benchmarks that run Bulwark and the named reference side by side, on
/// the same inputs in one run, and print both rates and their ratio.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks against reference implementations (build with -c release).",
        subcommands: [BenchPDQ.self, BenchHash.self, BenchMatch.self, BenchText.self, BenchProvenance.self, BenchModel.self, BenchHTTP.self, BenchVPDQ.self, BenchDataset.self, BenchQueue.self]
    )
}
