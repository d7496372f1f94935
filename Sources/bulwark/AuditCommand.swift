import ArgumentParser
import Audit
import Foundation

/// `bulwark audit verify|list|anchor`: the hash-chained audit trail every door appends to,
/// in the same database as the banks.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Verify and read the hash-chained audit log.",
        subcommands: [Verify.self, List.self, Anchor.self])

    /// The anchor file option shared by the subcommands that use one.
    struct AnchorOption: ParsableArguments {
        @Option(
            name: .customLong("anchor-file"),
            help: "An anchor file (a copy of the chain head kept outside the database; default: $BULWARK_AUDIT_ANCHOR).")
        var path: String?

        var resolved: String? {
            path ?? ProcessInfo.processInfo.environment["BULWARK_AUDIT_ANCHOR"].flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the whole chain; exit 0 if intact, 1 with the first problem printed otherwise.",
            discussion: """
                Finds edited records (hash mismatch), records deleted from the middle (gap or previous-hash \
                mismatch) and a deleted tail (against the head table). Someone able to rewrite the database from \
                some record on, head table included, is only caught with --anchor-file pointing at an anchor kept \
                where they cannot write.
                """)
        @OptionGroup var store: StoreOptions
        @OptionGroup var anchor: AnchorOption
        @Option(help: "Records read per page.") var pageSize: Int = 1_000

        func run() async throws {
            let log = try await AuditLogs.open(
                dataDirectory: store.dataDirectory, databaseURL: store.databaseURL, anchorPath: anchor.resolved)
            let result: AuditVerification
            do {
                result = try await log.verify(pageSize: pageSize)
                try await log.close()
            } catch {
                try? await log.close()
                throw error
            }
            if let problem = result.problem {
                FileHandle.standardError.write(Data("audit chain BROKEN at record \(problem.sequence): \(problem)\n".utf8))
                FileHandle.standardError.write(Data("records verified before it: \(result.recordsChecked)\n".utf8))
                throw ExitCode(1)
            }
            let anchored = anchor.resolved.map { " and the anchor \($0)" } ?? ""
            print("audit chain intact: \(result.recordsChecked) records, head \(result.lastRecord) matches the head table\(anchored)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print recent events, newest first (tab-separated, or NDJSON).")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only events about this subject, such as case:42.") var subject: String?
        @Option(help: "How many events (at most \(AuditLimits.maximumPage)).") var limit: Int = 50
        @Option(help: "Only events with a sequence number below this one (the next page).") var before: Int64?
        @Flag(help: "One JSON object per line: sequence, hashes and the canonical event.") var ndjson = false

        func validate() throws {
            guard (1...AuditLimits.maximumPage).contains(limit) else {
                throw ValidationError("--limit must be from 1 to \(AuditLimits.maximumPage)")
            }
        }

        func run() async throws {
            let log = try await AuditLogs.open(dataDirectory: store.dataDirectory, databaseURL: store.databaseURL)
            let records: [AuditRecord]
            do {
                if let subject {
                    records = try await log.events(subject: subject, before: before, limit: limit)
                } else {
                    records = try await log.newest(before: before, limit: limit)
                }
                try await log.close()
            } catch {
                try? await log.close()
                throw error
            }
            if ndjson {
                for record in records {
                    print(#"{"sequence":\#(record.sequence),"previous_hash":"\#(record.previousHash)","hash":"\#(record.hash)","event":\#(record.canonicalJSON)}"#)
                }
                return
            }
            print(["sequence", "at", "actor", "action", "subject", "details"].joined(separator: "\t"))
            for record in records {
                let event = record.event
                let details = event.details.keys.sorted().map { "\($0)=\(event.details[$0] ?? "")" }.joined(separator: "; ")
                print([
                    String(record.sequence), (try? CanonicalEvent.timestamp(event.at)) ?? "-", event.actor, event.action, event.subject, details,
                ].map(Self.oneLine).joined(separator: "\t"))
            }
        }

        /// Tabs and line breaks in a field would break the columns; show them escaped.
        private static func oneLine(_ text: String) -> String {
            text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
                .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
        }
    }

    struct Anchor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the current chain head into an anchor file (it never moves backwards).",
            discussion: "Keep the anchor where those who can write the database cannot: another machine, a write-once store.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var anchor: AnchorOption

        func run() async throws {
            guard let path = anchor.resolved else { throw ValidationError("--anchor-file is required") }
            let log = try await AuditLogs.open(dataDirectory: store.dataDirectory, databaseURL: store.databaseURL)
            do {
                let head = try await log.writeAnchor(to: AuditAnchorFile(path: path))
                try await log.close()
                print("anchored \(head) in \(path)")
            } catch {
                try? await log.close()
                throw error
            }
        }
    }
}
