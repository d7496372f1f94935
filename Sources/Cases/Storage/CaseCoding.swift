#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BulwarkCore

/// The JSON columns of the case tables (reasons, assessments, event details), shared by
/// both backends. Stored text that no longer decodes is reported, not trapped on.
enum CaseCoding {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<Value: Decodable>(_ type: Value.Type, _ text: String, column: String, caseID: Int64) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw BulwarkError.invalidInput(what: "stored case \(caseID)", where: column, reason: "does not decode: \(error)")
        }
    }

    /// Reasons of `existing` followed by those of `added` not already present.
    static func merged(_ existing: [Reason], _ added: [Reason]) -> [Reason] {
        var result = existing
        for reason in added where !result.contains(reason) { result.append(reason) }
        return result
    }
}
