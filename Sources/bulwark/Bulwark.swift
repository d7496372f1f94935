import ArgumentParser
import VideoHashing

/// The `bulwark` command: every door onto the Bulwark pipeline from the shell.
@main
struct Bulwark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulwark",
        abstract: "Find, explain and route known and generated child-abuse material: hashes, provenance, text, models, datasets.",
        version: "0.1.0",
        subcommands: [
            HashCommand.self,
            ProvenanceCommand.self,
            CheckTextCommand.self,
            ScanModelCommand.self,
            BanksCommand.self,
            ImportCommand.self,
            ExportCommand.self,
            MatchCommand.self,
            ServeCommand.self,
            KeysCommand.self,
            WebhooksCommand.self,
            AuditCommand.self,
            ReportCommand.self,
            DatasetCommand.self,
            BenchCommand.self,
        ]
    )

    /// Tunes the allocator for large image buffers, then runs the command line.
    static func main() async {
        MemoryTuning.apply()
        VPDQSignalValue.registerValueCheck()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
