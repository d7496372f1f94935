#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BulwarkCore

/// The assessment scheme as configuration: the values reviewers may choose and the rules
/// that need a second opinion. ``iwfDefault`` follows the UK hotline scheme; a deployment can
/// load its own from JSON with ``load(path:)`` or ``decode(_:)``.
public struct AssessmentScheme: Hashable, Sendable, Codable {
    /// Legal categories, MOST severe first (e.g. `["A", "B", "C"]`).
    public var categories: [String]
    /// Age bands, YOUNGEST first (e.g. `["0-2", "3-6", ...]`).
    public var ageBands: [String]
    /// Values for the sex field.
    public var sexes: [String]
    /// Reasons to discount an item.
    public var discountReasons: [String]
    /// Rules that need two reviewers to agree.
    public var secondOpinion: [SecondOpinionRule]

    public init(categories: [String], ageBands: [String], sexes: [String], discountReasons: [String], secondOpinion: [SecondOpinionRule]) {
        self.categories = categories
        self.ageBands = ageBands
        self.sexes = sexes
        self.discountReasons = discountReasons
        self.secondOpinion = secondOpinion
    }

    /// Largest scheme file accepted.
    public static let maximumFileBytes = 1 << 20

    /// IWF-style default: categories A > B > C, age bands 0-2 to 16-17, second opinion for
    /// category A and for suspected AI generation.
    public static let iwfDefault = AssessmentScheme(
        categories: ["A", "B", "C"],
        ageBands: ["0-2", "3-6", "7-10", "11-13", "14-15", "16-17"],
        sexes: ["female", "male", "both", "unclear"],
        discountReasons: ["adult", "no-sexual-activity", "non-photographic", "off-remit", "age-in-question"],
        secondOpinion: [
            SecondOpinionRule(name: "category A", categories: ["A"]),
            SecondOpinionRule(name: "AI-generated suspected", aiGenerated: [.suspected]),
        ])

    /// Decodes and checks a scheme from JSON. Throws `.invalidInput` naming the field.
    public static func decode(_ data: Data) throws -> AssessmentScheme {
        guard data.count <= maximumFileBytes else {
            throw BulwarkError.limitExceeded(what: "assessment scheme", limit: "\(maximumFileBytes) bytes", actual: "\(data.count) bytes")
        }
        let scheme: AssessmentScheme
        do {
            scheme = try JSONDecoder().decode(AssessmentScheme.self, from: data)
        } catch let error as DecodingError {
            throw BulwarkError.invalidInput(what: "assessment scheme", where: Self.path(of: error), reason: Self.reason(of: error))
        }
        try scheme.check()
        return scheme
    }

    /// Reads, decodes and checks a scheme file.
    public static func load(path: String) throws -> AssessmentScheme {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BulwarkError.io(path: path, reason: "cannot read the assessment scheme")
        }
        return try decode(data)
    }

    /// Checks the scheme itself: non-empty unique lists, rules naming known values.
    public func check() throws(BulwarkError) {
        func fail(_ field: String, _ reason: String) -> BulwarkError {
            .invalidInput(what: "assessment scheme", where: field, reason: reason)
        }
        for (field, values) in [("categories", categories), ("ageBands", ageBands), ("sexes", sexes), ("discountReasons", discountReasons)] {
            guard !values.isEmpty || field == "sexes" else { throw fail(field, "must list at least one value") }
            guard Set(values).count == values.count else { throw fail(field, "lists a value twice") }
            guard values.allSatisfy({ (1...64).contains($0.utf8.count) }) else { throw fail(field, "values must be 1 to 64 bytes") }
        }
        for (index, rule) in secondOpinion.enumerated() {
            let field = "secondOpinion[\(index)]"
            if let bad = rule.categories.first(where: { !categories.contains($0) }) { throw fail(field + ".categories", "unknown category '\(bad)'") }
            if let bad = rule.ageBands.first(where: { !ageBands.contains($0) }) { throw fail(field + ".ageBands", "unknown age band '\(bad)'") }
            if let bad = rule.discountReasons.first(where: { !discountReasons.contains($0) }) {
                throw fail(field + ".discountReasons", "unknown discount reason '\(bad)'")
            }
        }
    }

    /// Severity position of a category: 0 is the most severe; `nil` if unknown.
    public func severityIndex(of category: String) -> Int? { categories.firstIndex(of: category) }

    /// Age position of a band: 0 is the youngest; `nil` if unknown.
    public func ageIndex(of band: String) -> Int? { ageBands.firstIndex(of: band) }

    private static func path(of error: DecodingError) -> String? {
        let path: [any CodingKey]
        switch error {
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context): path = context.codingPath
        case let .keyNotFound(key, context): path = context.codingPath + [key]
        @unknown default: return nil
        }
        let text = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return text.isEmpty ? nil : String(text.drop(while: { $0 == "." }))
    }

    private static func reason(of error: DecodingError) -> String {
        switch error {
        case let .typeMismatch(type, _): "expected \(type)"
        case .valueNotFound: "missing value"
        case .keyNotFound: "missing field"
        case let .dataCorrupted(context): context.debugDescription
        @unknown default: "\(error)"
        }
    }
}
