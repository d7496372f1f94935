import BulwarkCore

/// Reads a stored text column into its type, naming the case and column when the stored text
/// is not a known value (a newer or damaged database), instead of trapping.
enum StoredCaseValue {
    static func parse<Value>(_ text: String, column: String, caseID: Int64, as make: (String) -> Value?) throws -> Value {
        guard let value = make(text) else {
            throw BulwarkError.invalidInput(what: "stored case \(caseID)", where: column, reason: "unknown value '\(text)'")
        }
        return value
    }
}

extension StoredCaseValue {
    /// The error for a column that must be set on this row but is NULL.
    static func missing(column: String, caseID: Int64) -> BulwarkError {
        .invalidInput(what: "stored case \(caseID)", where: column, reason: "is missing")
    }
}
