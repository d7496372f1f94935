import ArgumentParser
import BulwarkServer
import Cases
import Evidence
import Foundation
import MatchIndex
import Pipeline
import Store

/// `bulwark serve`: the HTTP API (banks, import/export, hashing, matching, webhooks).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Bulwark HTTP API (JSON under /v1, /healthz, /readyz, /metrics, /openapi.json).",
        discussion: """
            Every route except /healthz and /readyz needs an API key: create one with \
            `bulwark keys create --role admin --name me`. The match index is loaded from the store \
            after the server starts; /readyz answers 503 until it is ready. The server never fetches \
            URLs: uploads are request bodies, bounded by --max-upload-bytes.
            """)

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @OptionGroup var store: StoreOptions
    @Flag(help: "On an empty store, create a demo bank of generated benign pictures and print an admin key and example curl lines.")
    var seedDemo = false
    @Option(help: "Largest upload accepted, in bytes.") var maxUploadBytes = 32 << 20
    @Option(help: "Largest model file accepted by /v1/models/scan as a request body, in bytes.") var maxModelUploadBytes: Int64 = 8 << 30
    @Option(help: "A directory whose files /v1/models/scan?path= may scan (off when not given).") var modelScanRoot: String?
    @Option(help: "PDQ match threshold (0...64).") var threshold = MatchConfig.default.pdqThreshold
    @Option(help: "PDQ queries with a lower quality are not matched.") var minQuality = MatchConfig.default.pdqMinQuality
    @Option(help: "Webhook delivery attempts before a delivery is dead-lettered.") var webhookAttempts = 6
    @Option(help: "Where the match index snapshot is kept (default: the data directory). A restart restores it and catches up with the store instead of re-reading every entry.")
    var snapshotDir: String?
    @Flag(help: "Neither restore nor write the match index snapshot.") var noIndexSnapshot = false
    @Option(help: "Seconds between passes that pick up banks, entries and removals written by other instances sharing the database (0: never).")
    var syncSeconds = 5
    @Option(help: "The team whose review queue receives the cases bank matches open.") var reviewTeam = "trust-and-safety"
    @Flag(help: "Do not open review cases for bank matches made through the API.") var noCasesOnMatch = false
    @Flag(help: "Keep matched uploads as evidence, encrypted at rest (AES-GCM); off by default, when Bulwark stores no media.")
    var preserveEvidence = false
    @Option(help: "Days preserved evidence is kept before it is purged automatically.") var evidenceRetentionDays = 90
    @Option(name: .customLong("alert-interval"),
            help: "Seconds between rounds of case deadline alerts to webhooks subscribed to case.deadline (0: none).")
    var alertSeconds = 60
    @Option(help: "The evidence key file (default: evidence.key in the data directory, created 0600 on first use).")
    var evidenceKeyFile: String?
    @Option(help: "An assessment scheme JSON file (categories, ageBands, sexes, discountReasons, secondOpinion); default: IWF-style.")
    var assessmentScheme: String?
    @Option(help: "Deadline clocks JSON file ({\"hoursByKind\": {\"removal-order\": 24, ...}, \"defaultHours\": 72}).")
    var deadlines: String?
    @Option(help: "Reporting JSON file (CyberTipline endpoint, account, reporter, default hosting country; see docs/reporting.md): turns on filing reports of assessed cases.")
    var reporting: String?

    func run() async throws {
        guard (0...PDQIndex.maxThreshold).contains(threshold) else {
            throw ValidationError("--threshold must be within 0...\(PDQIndex.maxThreshold)")
        }
        let configuration = ServerConfiguration(
            host: host, port: port, maxUploadBytes: maxUploadBytes, maxModelUploadBytes: maxModelUploadBytes,
            modelScanRoot: modelScanRoot, webhookRetry: WebhookRetryPolicy(maxAttempts: webhookAttempts),
            evidence: EvidenceSettings(
                enabled: preserveEvidence, retention: Double(evidenceRetentionDays) * 86_400,
                key: evidenceKeyFile.map { .file($0) }),
            reviewTeam: reviewTeam, openCasesOnMatch: !noCasesOnMatch,
            assessmentScheme: try assessmentScheme.map { try AssessmentScheme.load(path: $0) } ?? .iwfDefault,
            deadlines: try deadlines.map { path in
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ValidationError("--deadlines: cannot read \(path)")
                }
                return try DeadlinePolicy.decode(data)
            } ?? .standard,
            caseReporting: try reporting.map { try CaseReportingConfiguration.load(path: $0) })
        let services = try await BulwarkServices.open(
            dataDirectory: store.dataDirectory, databaseURL: store.databaseURL, configuration: configuration,
            matchOptions: MatchServiceOptions(config: MatchConfig(pdqThreshold: threshold, pdqMinQuality: minQuality)))
        var demoLines: [String] = []
        if seedDemo {
            let directory = (store.dataDirectory ?? BankStores.defaultDataDirectory()) + "/demo"
            if let pictures = try await DemoSeeder.seedIfEmpty(banks: services.banks, directory: directory) {
                let key = try await APIKeys(store: services.service).create(name: "demo admin", role: .admin).key
                demoLines = DemoInstructions.lines(key: key, host: host, pictures: pictures)
            } else {
                demoLines = ["--seed-demo: the store already has banks; nothing seeded."]
            }
        }
        let host = self.host
        let lines = demoLines
        let app = BulwarkApplication.make(services: services) { boundPort in
            Self.say("bulwark serve: listening on http://\(host):\(boundPort.map(String.init) ?? "?")")
            for line in lines { Self.say(line.replacingOccurrences(of: "PORT", with: boundPort.map(String.init) ?? "?")) }
        }
        let syncSeconds = self.syncSeconds
        let snapshots = noIndexSnapshot ? nil : snapshotDir ?? store.dataDirectory ?? BankStores.defaultDataDirectory()
        let loader = Task {
            do {
                let start = ContinuousClock.now
                let outcome = try await services.matcher.load(snapshotDirectory: snapshots)
                Self.say("bulwark serve: index ready in \(start.duration(to: .now).formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1)))): \(services.matcher.pdqCount) PDQ, \(services.matcher.exactCount) exact entries; \(outcome)")
                if case .rebuilt = outcome, let snapshots {
                    try await services.matcher.writeSnapshot(to: snapshots)
                    Self.say("bulwark serve: index snapshot written to \(snapshots)")
                }
            } catch {
                Self.say("bulwark serve: loading the index failed: \(error)")
                return
            }
            while syncSeconds > 0, !Task.isCancelled {
                do {
                    try await Task.sleep(for: .seconds(syncSeconds))
                    let found = try await services.matcher.synchronize()
                    if !found.isEmpty {
                        Self.say("bulwark serve: picked up \(found.added) entries, \(found.removed) removals, \(found.banksChanged) bank changes from the store")
                    }
                } catch is CancellationError {
                    return
                } catch {
                    Self.say("bulwark serve: synchronising the index with the store failed (will retry): \(error)")
                }
            }
        }
        // Preserved evidence past its retention is purged hourly.
        let purger = Task {
            await services.evidence.purgePeriodically { error in Self.say("bulwark serve: purging expired evidence failed: \(error)") }
        }
        // Deadline alerts to webhooks subscribed to case.deadline.
        let alertSeconds = self.alertSeconds
        let alerter = Task {
            guard alertSeconds > 0 else { return }
            await DeadlineAlertNotifier(cases: services.cases, webhooks: services.webhooks)
                .runPeriodically(every: .seconds(alertSeconds)) { error in Self.say("bulwark serve: sending deadline alerts failed (will retry): \(error)") }
        }
        try await app.runService()
        alerter.cancel()
        purger.cancel()
        loader.cancel()
        _ = await loader.value
        if let snapshots, services.matcher.isReady {
            do {
                try await services.matcher.writeSnapshot(to: snapshots)
                Self.say("bulwark serve: index snapshot written to \(snapshots)")
            } catch {
                Self.say("bulwark serve: the index snapshot could not be written: \(error)")
            }
        }
        await services.close()
    }

    /// Writes a status line unbuffered, so it shows at once also when stdout is a log file.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// The text `--seed-demo` prints.
enum DemoInstructions {
    static func lines(key: String, host: String, pictures: [String]) -> [String] {
        let base = "http://\(host):PORT"
        return [
            "",
            "Demo bank \"\(DemoSeeder.bankName)\" created with \(pictures.count) generated pictures in \(pictures.first.map { ($0 as NSString).deletingLastPathComponent } ?? "?").",
            "Admin API key (shown once, keep it): \(key)",
            "Try:",
            "  export BULWARK_KEY=\(key)",
            "  curl -s -H \"Authorization: Bearer $BULWARK_KEY\" \(base)/v1/banks",
            "  curl -s -H \"Authorization: Bearer $BULWARK_KEY\" --data-binary @\(pictures.first ?? "picture.png") \(base)/v1/match/upload",
            "  curl -s -H \"Authorization: Bearer $BULWARK_KEY\" -H 'Content-Type: application/json' -d '{\"signals\":[{\"type\":\"md5\",\"value\":\"00000000000000000000000000000000\"}]}' \(base)/v1/match/hash",
            "  curl -s \(base)/readyz",
            "Review UI: \(base)/ui (sign in with the admin key; matches through the API open cases there)",
            "",
        ]
    }
}
