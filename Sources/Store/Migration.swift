/// One numbered schema change, applied once and recorded in the `schema_migrations` table.
/// Migrations are code: each backend lists its own in order, and opening a store applies the
/// ones not yet recorded, each in its own transaction.
public struct Migration: Sendable {
    /// Increasing number; the order of application.
    public let version: Int
    /// What the migration does, recorded beside its number.
    public let name: String
    /// SQL statements, run in order inside one transaction.
    public let statements: [String]

    public init(version: Int, name: String, statements: [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}
