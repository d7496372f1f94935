import BulwarkCore
import PostgresNIO

/// The parts of a `postgres://user:password@host:port/database` URL (also `postgresql://`).
/// Percent-escapes in the user and password are decoded. `?sslmode=require` asks for TLS.
public struct PostgresURL: Hashable, Sendable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var requireTLS: Bool

    /// Parses `text`, throwing `.invalidInput` naming the part that is wrong.
    public init(_ text: String) throws(BulwarkError) {
        func fail(_ reason: String) -> BulwarkError { .invalidInput(what: "PostgreSQL URL", where: nil, reason: reason) }
        guard text.utf8.count <= 2048 else { throw fail("longer than 2048 bytes") }
        var rest = Substring(text)
        if rest.hasPrefix("postgres://") { rest = rest.dropFirst("postgres://".count) }
        else if rest.hasPrefix("postgresql://") { rest = rest.dropFirst("postgresql://".count) }
        else { throw fail("must start with postgres:// or postgresql://") }

        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw fail("missing /database after the host") }
        let database = String(rest[rest.index(after: slash)...])
        guard !database.isEmpty else { throw fail("empty database name") }
        var authority = rest[..<slash]

        var user = "postgres"
        var password: String?
        if let at = authority.lastIndex(of: "@") {
            let credentials = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                user = try Self.percentDecoded(credentials[..<colon], part: "user")
                password = try Self.percentDecoded(credentials[credentials.index(after: colon)...], part: "password")
            } else {
                user = try Self.percentDecoded(credentials, part: "user")
            }
        }
        var host = authority
        var port = 5432
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            host = authority[..<colon]
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65535).contains(number) else {
                throw fail("port must be a number from 1 to 65535")
            }
            port = number
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty else { throw fail("empty host") }
        self.user = user
        self.password = password
        self.host = String(host)
        self.port = port
        self.database = database
        self.requireTLS = query.split(separator: "&").contains { $0 == "sslmode=require" || $0 == "sslmode=verify-full" }
    }

    /// The URL with the password masked, safe for logs.
    public var description: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    private static func percentDecoded(_ text: Substring, part: String) throws(BulwarkError) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(Hex.nibble), let low = iterator.next().flatMap(Hex.nibble) else {
                    throw .invalidInput(what: "PostgreSQL URL", where: part, reason: "bad percent-escape")
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension PostgresURL {
    /// A postgres-nio client configuration for this URL with a pool of `maximumConnections`.
    func clientConfiguration(maximumConnections: Int) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database,
            tls: requireTLS ? .require(.makeClientConfiguration()) : .disable)
        configuration.options.maximumConnections = maximumConnections
        return configuration
    }
}
