import ArgumentParser
import DatasetScan
import Foundation

/// `bulwark dataset merge DIR... --out DIR`: join the outputs of `--shard K/N` scans.
struct DatasetMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the outputs of dataset scans run with --shard K/N into one set of outputs and reports.",
        discussion: "Every shard 0..N-1 must be given once and be finished; inputs and settings must match.")

    @Argument(help: "The --out directories of the shard scans.") var directories: [String]
    @Option(help: "Output directory for the joined outputs.") var out: String

    func run() throws {
        let summary = try DatasetMerge.merge(directories, into: out)
        print("\(summary.items) items from \(summary.shards.count) shards: \(summary.kept) kept, \(summary.excluded) excluded, "
              + "\(summary.errors) errors; reports in \(out)")
    }
}
