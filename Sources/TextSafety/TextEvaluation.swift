import BulwarkCore
import Foundation

/// One labelled text of the evaluation set.
public struct TextEvaluationCase: Sendable, Hashable, Codable {
    public var language: String
    /// The rule classes a correct engine fires (empty for a benign text).
    public var expected: Set<String>
    /// `plain` or `obfuscated`.
    public var variant: String
    public var text: String
    /// Where the case is in its file.
    public var line: Int
}

/// Precision and recall of one class.
public struct ClassScore: Sendable, Hashable, Codable {
    public var name: String
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0

    /// TP / (TP + FP), 1 when nothing was predicted.
    public var precision: Double {
        truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
    }
    /// TP / (TP + FN), 1 when nothing was expected.
    public var recall: Double {
        truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives)
    }
}

/// The outcome of running the evaluation set.
public struct TextEvaluationReport: Sendable, Hashable, Codable {
    /// One score per rule class, sorted by name.
    public var classes: [ClassScore]
    /// Harmful (any class expected) against flagged (review or block), over every case.
    public var harmful: ClassScore
    /// Recall of harmful cases per language, and false positives on benign cases per language.
    public var byLanguage: [String: ClassScore]
    /// Recall on obfuscated harmful cases.
    public var obfuscated: ClassScore
    public var caseCount: Int
    public var benignCount: Int
    /// Cases the engine got wrong: line, text, expected, predicted.
    public var mistakes: [Mistake]

    public struct Mistake: Sendable, Hashable, Codable {
        public var line: Int
        public var language: String
        public var text: String
        public var expected: [String]
        public var predicted: [String]
    }
}

/// Loads the evaluation set and scores an engine on it.
public enum TextEvaluation {
    /// The classes an evaluation may expect; `allow`-verdict flag rules are not scored.
    static func predictedClasses(_ result: TextCheckResult) -> Set<String> {
        Set(result.firedRules.filter { $0.verdict > .allow }.map(\.class))
    }

    /// Parses an evaluation file: `lang<TAB>expected<TAB>variant<TAB>text`, `#` comments.
    public static func parse(_ text: String, fileName: String) throws(BulwarkError) -> [TextEvaluationCase] {
        var cases: [TextEvaluationCase] = []
        var lineNumber = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count == 4, !fields[0].isEmpty, !fields[1].isEmpty, !fields[3].isEmpty else {
                throw .invalidInput(what: "evaluation case", where: "\(fileName) line \(lineNumber)",
                                    reason: "expected lang, expected, variant, text separated by tabs")
            }
            let expected = fields[1] == "benign" ? [] : Set(fields[1].split(separator: ",").map(String.init))
            cases.append(TextEvaluationCase(language: String(fields[0]), expected: expected, variant: String(fields[2]),
                                            text: String(fields[3]), line: lineNumber))
        }
        return cases
    }

    /// The bundled evaluation set (`Resources/eval/*.tsv`).
    public static func bundledCases() throws(BulwarkError) -> [TextEvaluationCase] {
        let folder = try TextSafetyResources.bundledDirectory().appendingPathComponent("eval", isDirectory: true)
        return try loadCases(from: folder)
    }

    /// Every `*.tsv` file of a folder, or one file.
    public static func loadCases(from url: URL) throws(BulwarkError) -> [TextEvaluationCase] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw .notFound(what: "evaluation set", id: url.path)
        }
        guard isDirectory.boolValue else {
            return try parse(try TextSafetyResources.readText(url), fileName: url.lastPathComponent)
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: url.path) } catch {
            throw .io(path: url.path, reason: error.localizedDescription)
        }
        var cases: [TextEvaluationCase] = []
        for name in names.sorted() where name.hasSuffix(".tsv") {
            let file = url.appendingPathComponent(name)
            cases += try parse(try TextSafetyResources.readText(file), fileName: name)
        }
        return cases
    }

    /// Runs every case through the engine and scores it.
    public static func run(_ cases: [TextEvaluationCase], engine: TextSafetyEngine) throws(BulwarkError) -> TextEvaluationReport {
        var classes: [String: ClassScore] = [:]
        var harmful = ClassScore(name: "harmful")
        var obfuscated = ClassScore(name: "obfuscated")
        var byLanguage: [String: ClassScore] = [:]
        var mistakes: [TextEvaluationReport.Mistake] = []
        for testCase in cases {
            let result = try engine.check(testCase.text)
            let predicted = predictedClasses(result)
            for name in testCase.expected.union(predicted) {
                var score = classes[name] ?? ClassScore(name: name)
                switch (testCase.expected.contains(name), predicted.contains(name)) {
                case (true, true): score.truePositives += 1
                case (false, true): score.falsePositives += 1
                case (true, false): score.falseNegatives += 1
                case (false, false): break
                }
                classes[name] = score
            }
            let isHarmful = !testCase.expected.isEmpty
            let flagged = result.verdict > .allow
            var language = byLanguage[testCase.language] ?? ClassScore(name: testCase.language)
            if isHarmful && flagged { harmful.truePositives += 1; language.truePositives += 1 }
            if !isHarmful && flagged { harmful.falsePositives += 1; language.falsePositives += 1 }
            if isHarmful && !flagged { harmful.falseNegatives += 1; language.falseNegatives += 1 }
            byLanguage[testCase.language] = language
            if testCase.variant == "obfuscated" && isHarmful {
                if flagged { obfuscated.truePositives += 1 } else { obfuscated.falseNegatives += 1 }
            }
            if testCase.expected != predicted {
                mistakes.append(.init(line: testCase.line, language: testCase.language, text: testCase.text,
                                      expected: testCase.expected.sorted(), predicted: predicted.sorted()))
            }
        }
        return TextEvaluationReport(
            classes: classes.values.sorted { $0.name < $1.name }, harmful: harmful, byLanguage: byLanguage,
            obfuscated: obfuscated, caseCount: cases.count, benignCount: cases.filter { $0.expected.isEmpty }.count,
            mistakes: mistakes)
    }
}
