import ArgumentParser
import BulwarkCore
import Foundation
import TextSafety

/// `bulwark check-text`: checks prompts, captions or whole conversations with the TextSafety
/// engine, or scores the engine on the evaluation set.
///
/// Exit status: 0 when everything is allowed, 1 when something needs review, 2 when something
/// is blocked, 3 when an input could not be read (other inputs are still checked).
struct CheckTextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-text",
        abstract: "Check prompts or conversations for child-safety risks; exit 0 allow, 1 review, 2 block, 3 bad input.",
        discussion: """
            Input: the TEXT argument, else --jsonl FILE (one JSON object per line with "text" and \
            optional "user" and "id"; users get session tracking), else --conversation FILE \
            ({"messages":[{"role":"user","text":...}], "language":..., "deployment":...}; "-" reads \
            stdin), else standard input. --eval prints precision and recall per category on the \
            evaluation set.
            """)

    @Argument(help: "The text to check. Read from standard input when absent.")
    var text: String?

    @Option(name: .long, help: "A JSONL file of prompts (\"-\" for standard input).")
    var jsonl: String?

    @Option(name: .long, help: "A JSON conversation file to check as a whole (\"-\" for standard input).")
    var conversation: String?

    @Option(name: .long, help: "Output format: json (one document) or ndjson (one line per input).")
    var format: OutputStyle?

    @Option(name: .long, help: "Refuse texts longer than this many bytes.")
    var maxBytes: Int = TextSafetyConfiguration.default.maximumInputBytes

    @Option(name: .long, help: "A resource directory with lexicon/, rules.json, confusables.tsv (default: bundled).")
    var resources: String?

    @Option(name: .long, help: "A conversation policy JSON file (default: bundled example).")
    var policy: String?

    @Option(name: .long, help: "Session window in seconds for --jsonl inputs with a user.")
    var sessionWindow: Double = SessionPolicy.default.windowSeconds

    @Flag(name: .long, help: "Score the engine on the evaluation set and print precision/recall per category.")
    var eval = false

    @Option(name: .long, help: "Evaluation set file or folder (default: bundled).")
    var evalSet: String?

    enum OutputStyle: String, ExpressibleByArgument {
        case json, ndjson
    }

    func validate() throws {
        guard maxBytes > 0 else { throw ValidationError("--max-bytes must be positive") }
        let inputs = [text != nil, jsonl != nil, conversation != nil].filter { $0 }.count
        guard inputs <= 1 else { throw ValidationError("give only one of TEXT, --jsonl and --conversation") }
    }

    func run() async throws {
        do {
            try await checkInputs()
        } catch let error as BulwarkError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(3)
        }
    }

    private func checkInputs() async throws {
        let configuration = TextSafetyConfiguration(maximumInputBytes: maxBytes)
        let engine = try resources.map { try TextSafetyEngine(resourceDirectory: URL(fileURLWithPath: $0), configuration: configuration) }
            ?? TextSafetyEngine.bundled(configuration: configuration)
        if eval {
            try runEvaluation(engine)
            return
        }
        let worst: Verdict
        var badInput = false
        if let jsonl {
            (worst, badInput) = try await runJSONL(jsonl, engine)
        } else if let conversation {
            worst = try runConversation(conversation, engine)
        } else {
            let bytes = try text.map { Array($0.utf8) } ?? Self.readAll(path: "-", limit: maxBytes)
            let result = try engine.check(utf8: bytes)
            try emit(result, pretty: format != .ndjson)
            worst = result.verdict
        }
        if badInput { throw ExitCode(3) }
        switch worst {
        case .allow: return
        case .review: throw ExitCode(1)
        case .block: throw ExitCode(2)
        }
    }

    // MARK: - JSONL

    private struct Item: Encodable {
        var line: Int
        var id: String?
        var user: String?
        var result: TextCheckResult?
        var session: SessionOutcome?
        var error: String?
    }

    private func runJSONL(_ path: String, _ engine: TextSafetyEngine) async throws -> (Verdict, Bool) {
        let tracker = SessionTracker(policy: SessionPolicy(windowSeconds: sessionWindow))
        var worst = Verdict.allow
        var bad = false
        var items: [Item] = []
        let pretty = format == .json
        // A JSON line may escape every byte of the text (\uXXXX: 6 bytes per byte).
        let lineLimit = maxBytes.multipliedReportingOverflow(by: 6).partialValue + 4096
        try await Self.forEachLine(path: path, limit: lineLimit) { number, line in
            var item = Item(line: number)
            switch line {
            case .failure(let error):
                item.error = error.description
            case .success(let bytes):
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
                do {
                    let prompt = try Self.parsePrompt(bytes, line: number)
                    item.id = prompt.id
                    item.user = prompt.user
                    let result = try engine.check(prompt.text)
                    item.result = result
                    worst = max(worst, result.verdict)
                    if let user = prompt.user {
                        let session = await tracker.record(user: user, result: result,
                                                           fingerprint: engine.fingerprint(prompt.text))
                        item.session = session
                        worst = max(worst, session.verdict)
                    }
                } catch let error as BulwarkError {
                    item.error = error.description
                }
            }
            if item.error != nil { bad = true }
            if pretty { items.append(item) } else { try Self.writeLine(item) }
        }
        if pretty { try Self.write(items, pretty: true) }
        return (worst, bad)
    }

    private struct Prompt {
        var text: String
        var user: String?
        var id: String?
    }

    private static func parsePrompt(_ bytes: [UInt8], line: Int) throws(BulwarkError) -> Prompt {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(bytes)) } catch {
            throw .invalidInput(what: "JSONL prompt", where: "line \(line)", reason: "not valid JSON")
        }
        guard let dictionary = object as? [String: Any] else {
            throw .invalidInput(what: "JSONL prompt", where: "line \(line)", reason: "expected a JSON object")
        }
        guard let text = dictionary["text"] as? String else {
            throw .invalidInput(what: "JSONL prompt", where: "line \(line) field text", reason: "missing or not a string")
        }
        func identifier(_ key: String) throws(BulwarkError) -> String? {
            switch dictionary[key] {
            case nil, is NSNull: return nil
            case let value as String: return value
            case let value as NSNumber: return value.stringValue
            default: throw .invalidInput(what: "JSONL prompt", where: "line \(line) field \(key)", reason: "expected a string or number")
            }
        }
        return Prompt(text: text, user: try identifier("user"), id: try identifier("id"))
    }

    // MARK: - Conversation

    private func runConversation(_ path: String, _ engine: TextSafetyEngine) throws -> Verdict {
        let policy = try self.policy.map { try ConversationPolicy.load(from: URL(fileURLWithPath: $0)) }
            ?? ConversationPolicy.bundled()
        let bytes = try Self.readAll(path: path, limit: policy.maximumTotalBytes.multipliedReportingOverflow(by: 6).partialValue + 65536)
        let conversation: Conversation
        do { conversation = try JSONDecoder().decode(Conversation.self, from: Data(bytes)) } catch {
            throw BulwarkError.invalidInput(what: "conversation", where: path == "-" ? "standard input" : path,
                                            reason: Self.describe(error))
        }
        let result = try ConversationChecker(engine: engine, policy: policy).check(conversation)
        try Self.write(result, pretty: format != .ndjson)
        return result.verdict
    }

    // MARK: - Evaluation

    private func runEvaluation(_ engine: TextSafetyEngine) throws {
        let cases = try evalSet.map { try TextEvaluation.loadCases(from: URL(fileURLWithPath: $0)) } ?? TextEvaluation.bundledCases()
        let report = try TextEvaluation.run(cases, engine: engine)
        if format != nil {
            try Self.write(report, pretty: format == .json)
            return
        }
        print("evaluation set: \(report.caseCount) cases, \(report.caseCount - report.benignCount) harmful, \(report.benignCount) benign")
        print(Self.row("category", "TP", "FP", "FN", "precision", "recall"))
        for score in report.classes + [report.harmful] {
            print(Self.row(score.name, String(score.truePositives), String(score.falsePositives), String(score.falseNegatives),
                           String(format: "%.3f", score.precision), String(format: "%.3f", score.recall)))
        }
        print("\nper language (harmful flagged vs benign flagged):")
        for (language, score) in report.byLanguage.sorted(by: { $0.key < $1.key }) {
            print(Self.row(language, String(score.truePositives), String(score.falsePositives), String(score.falseNegatives),
                           String(format: "%.3f", score.precision), String(format: "%.3f", score.recall)))
        }
        print(String(format: "\nobfuscated harmful recall: %.3f (%d of %d)", report.obfuscated.recall,
                     report.obfuscated.truePositives, report.obfuscated.truePositives + report.obfuscated.falseNegatives))
        if !report.mistakes.isEmpty {
            print("\nmistakes:")
            for mistake in report.mistakes {
                print("  line \(mistake.line) [\(mistake.language)] expected \(mistake.expected) got \(mistake.predicted): \(mistake.text)")
            }
        }
    }

    private static func row(_ columns: String...) -> String {
        let widths = [18, 5, 5, 5, 10, 8]
        return zip(columns, widths).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }.joined(separator: " ")
    }

    // MARK: - I/O

    private func emit(_ result: TextCheckResult, pretty: Bool) throws {
        try Self.write(result, pretty: pretty)
    }

    private static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    private static func write<T: Encodable>(_ value: T, pretty: Bool) throws {
        var data = try encoder(pretty: pretty).encode(value)
        data.append(0x0A)
        FileHandle.standardOutput.write(data)
    }

    private static func writeLine<T: Encodable>(_ value: T) throws { try write(value, pretty: false) }

    /// Reads a whole file (or standard input for "-"), refusing more than `limit` bytes.
    static func readAll(path: String, limit: Int) throws -> [UInt8] {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let file = FileHandle(forReadingAtPath: path) else {
                throw BulwarkError.io(path: path, reason: "cannot open for reading")
            }
            handle = file
        }
        var bytes: [UInt8] = []
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            bytes.append(contentsOf: chunk)
            if bytes.count > limit {
                throw BulwarkError.limitExceeded(what: path == "-" ? "text on standard input" : path, limit: "\(limit) bytes",
                                                 actual: "at least \(bytes.count) bytes")
            }
        }
        return bytes
    }

    /// Streams the lines of a file (or standard input for "-"); a line over `limit` bytes is
    /// reported as a failure for that line and skipped.
    static func forEachLine(path: String, limit: Int,
                            _ body: (Int, Result<[UInt8], BulwarkError>) async throws -> Void) async throws {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let file = FileHandle(forReadingAtPath: path) else {
                throw BulwarkError.io(path: path, reason: "cannot open for reading")
            }
            handle = file
        }
        var line: [UInt8] = []
        var overflowed = false
        var number = 1
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            for byte in chunk {
                if byte == 0x0A {
                    try await body(number, overflowed
                        ? .failure(.limitExceeded(what: "line \(number)", limit: "\(limit) bytes", actual: "more"))
                        : .success(line))
                    line.removeAll(keepingCapacity: true)
                    overflowed = false
                    number += 1
                } else if !overflowed {
                    if line.count >= limit { overflowed = true; line.removeAll() } else { line.append(byte) }
                }
            }
        }
        if !line.isEmpty || overflowed {
            try await body(number, overflowed
                ? .failure(.limitExceeded(what: "line \(number)", limit: "\(limit) bytes", actual: "more"))
                : .success(line))
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case let DecodingError.keyNotFound(key, context):
            return "missing field \(key.stringValue) at \(path(context))"
        case let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context):
            return "\(context.debugDescription) at \(path(context))"
        case let DecodingError.dataCorrupted(context):
            return context.debugDescription
        default:
            return "\(error)"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return path.isEmpty ? "top level" : path
    }
}
