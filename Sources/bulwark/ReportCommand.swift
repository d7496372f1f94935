import ArgumentParser
import Audit
import BulwarkCore
import Cases
import Foundation
import Reporting

/// `bulwark report export|resume|retract|transparency`: CyberTipline-style report submissions
/// kept in the same database as the banks.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Export, resume or retract reports, and render a transparency report.",
        subcommands: [Route.self, Submit.self, Export.self, Resume.self, Retract.self, Transparency.self])

    /// Parses `YYYY-MM-DD` or a full ISO 8601 timestamp.
    static func date(_ text: String, option: String) throws -> Date {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return date }
        throw ValidationError("\(option): \"\(text)\" is not a date (YYYY-MM-DD or ISO 8601)")
    }

    /// Writes `text` to `path`, or stdout when `path` is nil or `-`.
    static func write(_ text: String, to path: String?) throws {
        guard let path, path != "-" else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// The endpoint options of the steps that talk to the CyberTipline.
    struct EndpointOptions: ParsableArguments {
        @Option(help: "Reporting API base URL (e.g. \(CyberTiplineEndpoint.ncmecTestBaseURL)).") var endpoint: String
        @Option(help: "API user name.") var username: String
        @Option(help: "Environment variable holding the API password.") var passwordEnv = "BULWARK_CYBERTIPLINE_PASSWORD"
        @Option(help: "Who is acting, for the audit trail.") var actor = "cli"

        func submitter(store: any ReportSubmissionStore, audit: any AuditRecorder, files: any ReportFileSource) throws -> ReportSubmitter {
            guard let password = ProcessInfo.processInfo.environment[passwordEnv], !password.isEmpty else {
                throw ValidationError("set the API password in $\(passwordEnv)")
            }
            let client = try CyberTiplineClient(endpoint: CyberTiplineEndpoint(baseURL: endpoint, username: username, password: password))
            return ReportSubmitter(client: client, store: store, audit: audit, files: files, actor: actor)
        }
    }

    /// The routing rules option: a JSON file, or Bulwark's standard rules.
    struct RoutingOption: ParsableArguments {
        @Option(help: "Routing rules JSON ({\"default\": {...}, \"countries\": {\"US\": {...}}}); default: US to NCMEC, GB to the IWF, others to INHOPE.")
        var routing: String?

        func rules() throws -> ReportRouting {
            guard let routing else { return .standard }
            guard let data = FileManager.default.contents(atPath: routing) else { throw ValidationError("cannot read \(routing)") }
            return try ReportRouting.decode(json: Array(data))
        }
    }

    struct Route: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print where a report about content hosted in a country goes.")
        @OptionGroup var routing: RoutingOption
        @Argument(help: "ISO 3166-1 alpha-2 hosting country code, e.g. US.") var country: String

        func run() async throws {
            let destination = try routing.rules().destination(forCountry: country)
            print("\(country.uppercased())\t\(destination.kind.rawValue)\t\(destination.name)\t\(destination.contact ?? "-")")
        }
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a report (incident JSON) through the CyberTipline flow; on failure it stays resumable.",
            discussion: "Only incidents routed to the NCMEC CyberTipline are sent; other destinations have no API here.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var endpoint: EndpointOptions
        @OptionGroup var routing: RoutingOption
        @Option(help: "Incident JSON (ReportIncident, ISO 8601 dates).") var incident: String
        @Option(help: "Directory holding the report's files by name (checked against their SHA-256).") var filesDir: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: incident) else { throw ValidationError("cannot read \(incident)") }
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let parsed: ReportIncident
            do { parsed = try decoder.decode(ReportIncident.self, from: data) } catch {
                throw ValidationError("\(incident): not a report incident: \(error)")
            }
            let destination = try routing.rules().destination(forCountry: parsed.hostingCountry)
            guard destination.kind == .ncmecCyberTipline else {
                throw ValidationError("content hosted in \(parsed.hostingCountry) is routed to \(destination.name) (\(destination.kind.rawValue)), not the CyberTipline")
            }
            let submissions = try await ReportSubmissionStores.open(dataDirectory: store.dataDirectory, databaseURL: store.databaseURL)
            let audit = try await AuditLogs.open(dataDirectory: store.dataDirectory, databaseURL: store.databaseURL)
            let result: Result<ReportSubmission, any Error>
            do {
                let submitter = try endpoint.submitter(store: submissions, audit: audit, files: DirectoryFileSource(directory: filesDir))
                do { result = .success(try await submitter.start(parsed, destination: destination.name)) } catch { result = .failure(error) }
                try? await submitter.client.shutdown()
            } catch {
                result = .failure(error)
            }
            try? await audit.close()
            try? await submissions.close()
            let submission = try result.get()
            print("\(submission.id)\t\(submission.status.rawValue)\treport \(submission.reportID ?? "-")\(submission.lastError.map { "\terror: \($0)" } ?? "")")
            if submission.status == .failed { throw ExitCode(1) }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export report submissions and their status as CSV or JSON.")
        @OptionGroup var store: StoreOptions
        @Option(help: "csv or json.") var format: String = "csv"
        @Option(help: "Only submissions created on or after this date.") var from: String?
        @Option(help: "Only submissions created before this date.") var to: String?
        @Option(help: "At most this many submissions.") var limit = 100_000
        @Option(help: "Output file (default: stdout).") var out: String?

        func validate() throws {
            guard ["csv", "json"].contains(format) else { throw ValidationError("--format must be csv or json") }
        }

        func run() async throws {
            let lower = try from.map { try ReportCommand.date($0, option: "--from") }
            let upper = try to.map { try ReportCommand.date($0, option: "--to") }
            let submissions = try await ReportSubmissionStores.open(dataDirectory: store.dataDirectory, databaseURL: store.databaseURL)
            let list: [ReportSubmission]
            do {
                list = try await submissions.list(from: lower, to: upper, limit: limit)
                try await submissions.close()
            } catch {
                try? await submissions.close()
                throw error
            }
            try ReportCommand.write(format == "csv" ? ReportExport.csv(list) : try ReportExport.json(list) + "\n", to: out)
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Continue a report submission from its first unfinished step (no second report, no re-upload of acknowledged files).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var endpoint: EndpointOptions
        @Option(help: "Directory holding the report's files by name (checked against their SHA-256).") var filesDir: String
        @Argument(help: "The local submission id.") var id: String

        func run() async throws {
            let submissions = try await ReportSubmissionStores.open(dataDirectory: store.dataDirectory, databaseURL: store.databaseURL)
            let audit = try await AuditLogs.open(dataDirectory: store.dataDirectory, databaseURL: store.databaseURL)
            let submitter = try endpoint.submitter(store: submissions, audit: audit, files: DirectoryFileSource(directory: filesDir))
            let result: Result<ReportSubmission, any Error>
            do { result = .success(try await submitter.resume(id: id)) } catch { result = .failure(error) }
            try? await submitter.client.shutdown()
            try? await audit.close()
            try? await submissions.close()
            let submission = try result.get()
            print("\(submission.id)\t\(submission.status.rawValue)\treport \(submission.reportID ?? "-")\(submission.lastError.map { "\terror: \($0)" } ?? "")")
            if submission.status == .failed { throw ExitCode(1) }
        }
    }

    struct Retract: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Retract a submitted report that is not finished.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var endpoint: EndpointOptions
        @Argument(help: "The local submission id.") var id: String

        func run() async throws {
            let submissions = try await ReportSubmissionStores.open(dataDirectory: store.dataDirectory, databaseURL: store.databaseURL)
            let audit = try await AuditLogs.open(dataDirectory: store.dataDirectory, databaseURL: store.databaseURL)
            let submitter = try endpoint.submitter(store: submissions, audit: audit, files: DirectoryFileSource(directory: "/nonexistent"))
            let result: Result<ReportSubmission, any Error>
            do { result = .success(try await submitter.retract(id: id)) } catch { result = .failure(error) }
            try? await submitter.client.shutdown()
            try? await audit.close()
            try? await submissions.close()
            let submission = try result.get()
            print("\(submission.id)\t\(submission.status.rawValue)\(submission.lastError.map { "\terror: \($0)" } ?? "")")
            if submission.status != .retracted { throw ExitCode(1) }
        }
    }

    struct Transparency: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render a self-contained HTML transparency report (counts by category, source and outcome, time to action).",
            discussion: """
                From the case store (--from-cases): the review cases opened in the period, those closed \
                since counted as actioned and those still open as opened only, read a page at a time (memory: \
                one page plus 4 bytes per actioned case). From a file (--records): a JSON \
                array of {category, source, openedAt, actionedAt, outcome} with ISO 8601 dates.
                """)
        @Flag(help: "Compute the figures from the review cases in the store (closed and still open).") var fromCases = false
        @Option(help: "JSON file of transparency records (instead of --from-cases).") var records: String?
        @Option(help: "Start of the period (opened on or after).") var from: String
        @Option(help: "End of the period (opened before).") var to: String
        @Option(name: .customLong("team"), help: "With --from-cases: only these teams' cases (repeatable; default all).")
        var teams: [String] = []
        @Option(help: "Organisation name shown in the title.") var organisation = "Bulwark"
        @Option(help: "Output HTML file (default: stdout).") var out: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let lower = try ReportCommand.date(from, option: "--from")
            let upper = try ReportCommand.date(to, option: "--to")
            guard lower < upper else { throw ValidationError("--from must be before --to") }
            let figures: TransparencyFigures
            switch (fromCases, records) {
            case (true, nil):
                let cases = try await CaseStores.open(dataDirectory: store.dataDirectory, databaseURL: store.databaseURL)
                do {
                    figures = try await CaseTransparency.figures(cases: cases, from: lower, to: upper, teams: teams.isEmpty ? nil : teams)
                    try await cases.close()
                } catch {
                    try? await cases.close()
                    throw error
                }
            case (false, let records?):
                guard teams.isEmpty else { throw ValidationError("--team applies to --from-cases only") }
                guard let data = FileManager.default.contents(atPath: records) else { throw ValidationError("cannot read \(records)") }
                let decoder = JSONDecoder()
                decoder.dateDecodingStrategy = .iso8601
                let list: [TransparencyRecord]
                do { list = try decoder.decode([TransparencyRecord].self, from: data) } catch {
                    throw ValidationError("\(records): not a JSON array of transparency records: \(error)")
                }
                figures = TransparencyFigures(records: list, from: lower, to: upper)
            default:
                throw ValidationError("give either --from-cases or --records FILE")
            }
            try ReportCommand.write(TransparencyReportPage.html(figures, organisation: organisation), to: out)
        }
    }
}
