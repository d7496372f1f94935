import ArgumentParser

/// `bulwark dataset ...`: scan training datasets before anyone trains on them.
struct DatasetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Scan training datasets (WebDataset shards, folders, JSONL/CSV manifests) and merge shard outputs.",
        subcommands: [DatasetScanCommand.self, DatasetMergeCommand.self]
    )
}
