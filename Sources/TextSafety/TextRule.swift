import BulwarkCore
import Foundation

/// A rule over lexicon categories: fires when one match from every group occurs within a
/// window of words. Rules are data (`Resources/rules.json`), each with a stable id.
public struct TextRule: Hashable, Sendable, Codable {
    /// One accepted kind of match: a category, optionally only entries of one strength.
    public struct Requirement: Hashable, Sendable, Codable, CustomStringConvertible {
        public var category: TextCategory
        public var strength: LexiconEntry.Strength?

        public init(category: TextCategory, strength: LexiconEntry.Strength? = nil) {
            self.category = category
            self.strength = strength
        }

        /// Parses `category` or `category:strong` / `category:weak`.
        public init(parsing text: String) throws(BulwarkError) {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), !parts[0].isEmpty else {
                throw .invalidInput(what: "rule requirement", where: text, reason: "expected category or category:strength")
            }
            category = TextCategory(String(parts[0]))
            if parts.count == 2 {
                guard let strength = LexiconEntry.Strength(rawValue: String(parts[1])) else {
                    throw .invalidInput(what: "rule requirement", where: text, reason: "strength must be strong or weak")
                }
                self.strength = strength
            }
        }

        public var description: String {
            strength.map { "\(category):\($0.rawValue)" } ?? category.rawValue
        }

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            do { self = try Requirement(parsing: text) } catch { throw error }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }

        func accepts(_ entry: LexiconEntry) -> Bool {
            entry.category == category && (strength == nil || strength == entry.strength)
        }
    }

    /// Stable identifier, e.g. `TS-001`.
    public var id: String
    /// Short name used in reason codes (`text.<name>`).
    public var name: String
    /// Evaluation class: what kind of harm the rule finds (`sexual_minor`, `codeword`...).
    public var `class`: String
    /// The verdict when the rule fires. `allow` rules only flag (used by the conversation checker).
    public var verdict: Verdict
    /// Every group must be matched; a group is matched by any one of its requirements.
    public var all: [[Requirement]]
    /// The largest distance in words between the first and last match; `nil` is the whole text.
    public var window: Int?
    /// Whether a conversation should answer this with the deterrence message.
    public var deterrence: Bool
    /// A human-readable explanation for reviewers.
    public var message: String

    public init(id: String, name: String, class: String, verdict: Verdict, all: [[Requirement]],
                window: Int? = nil, deterrence: Bool = false, message: String) {
        self.id = id
        self.name = name
        self.class = `class`
        self.verdict = verdict
        self.all = all
        self.window = window
        self.deterrence = deterrence
        self.message = message
    }

    private enum CodingKeys: String, CodingKey { case id, name, `class`, verdict, all, window, deterrence, message }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        `class` = try c.decode(String.self, forKey: .class)
        verdict = try c.decode(Verdict.self, forKey: .verdict)
        all = try c.decode([[Requirement]].self, forKey: .all)
        window = try c.decodeIfPresent(Int.self, forKey: .window)
        deterrence = try c.decodeIfPresent(Bool.self, forKey: .deterrence) ?? false
        message = try c.decode(String.self, forKey: .message)
    }

    /// Parses a rules file: `{"rules": [ ... ]}`. Checks ids are unique and groups non-empty.
    public static func parseRules(_ data: Data, fileName: String) throws(BulwarkError) -> [TextRule] {
        struct File: Decodable { var rules: [TextRule] }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch let error as BulwarkError {
            throw error
        } catch let DecodingError.dataCorrupted(context) {
            throw .invalidInput(what: "rules file", where: fileName, reason: context.debugDescription)
        } catch let DecodingError.keyNotFound(key, context) {
            throw .invalidInput(what: "rules file", where: "\(fileName) \(path(context))",
                                reason: "missing field \(key.stringValue)")
        } catch let DecodingError.typeMismatch(_, context) {
            throw .invalidInput(what: "rules file", where: "\(fileName) \(path(context))", reason: context.debugDescription)
        } catch let DecodingError.valueNotFound(_, context) {
            throw .invalidInput(what: "rules file", where: "\(fileName) \(path(context))", reason: context.debugDescription)
        } catch {
            throw .invalidInput(what: "rules file", where: fileName, reason: "\(error)")
        }
        var seen = Set<String>()
        for rule in file.rules {
            guard seen.insert(rule.id).inserted else {
                throw .invalidInput(what: "rules file", where: "\(fileName) rule \(rule.id)", reason: "duplicate rule id")
            }
            guard !rule.all.isEmpty, rule.all.allSatisfy({ !$0.isEmpty }) else {
                throw .invalidInput(what: "rules file", where: "\(fileName) rule \(rule.id)", reason: "empty requirement group")
            }
            if let window = rule.window, window < 0 || window > 10_000 {
                throw .invalidInput(what: "rules file", where: "\(fileName) rule \(rule.id)", reason: "window must be 0...10000")
            }
        }
        return file.rules
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
