import Foundation
import Hummingbird
import Synchronization
import NIOCore

/// JSON in and out of the API: snake_case keys, ISO 8601 dates, bounded bodies.
enum JSONIO {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .custom { path in SnakeCaseKey(path.last?.stringValue ?? "") }
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A coding key in snake_case, keeping plural acronyms whole ("ruleIDs" -> "rule_ids",
    /// where Foundation's strategy gives "rule_i_ds").
    struct SnakeCaseKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init?(intValue: Int) { return nil }
        init?(stringValue: String) { self.init(stringValue) }

        init(_ camel: String) {
            // Most keys are lowercase already (dictionary keys, one-word fields): no work.
            guard camel.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) else {
                stringValue = camel
                return
            }
            if let known = Self.converted.withLock({ $0[camel] }) {
                stringValue = known
                return
            }
            let converted = Self.convert(camel)
            Self.converted.withLock { memo in
                if memo.count >= Self.memoLimit { memo.removeAll() }
                memo[camel] = converted
            }
            stringValue = converted
        }

        /// Conversions done so far (coding keys are few; the bound guards against data keys).
        private static let converted = Mutex<[String: String]>([:])
        private static let memoLimit = 4096

        private static func convert(_ camel: String) -> String {
            let scalars = Array(camel.replacingOccurrences(of: "IDs", with: "Ids").replacingOccurrences(of: "URLs", with: "Urls"))
            var out = ""
            for (index, character) in scalars.enumerated() {
                if character.isUppercase, index > 0 {
                    let previous = scalars[index - 1]
                    let nextIsLower = index + 1 < scalars.count && scalars[index + 1].isLowercase
                    if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { out.append("_") }
                }
                out += character.lowercased()
            }
            return out
        }
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    /// A JSON response.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder().encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A JSON response from bytes already encoded.
    static func response(bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The request body, refused with 413 when over `limit` bytes (by its Content-Length
    /// before reading, or while reading).
    static func body(of request: Request, limit: Int, what: String) async throws -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw APIError.tooLarge(limit: limit, what: what)
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError.tooLarge(limit: limit, what: what)
        }
    }

    /// The request body decoded as `T`; malformed JSON is a 400 naming the field.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        let buffer = try await body(of: request, limit: limit, what: "the JSON body")
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("the request needs a JSON body") }
        return try decoder().decode(T.self, from: Data(buffer.readableBytesView))
    }
}

extension Request {
    /// A query parameter's value, if present.
    func query(_ name: String) -> String? {
        uri.queryParameters[name[...]].map(String.init)
    }

    /// A boolean query parameter (`true/false/1/0/yes/no`); 400 for anything else.
    func boolQuery(_ name: String) throws -> Bool? {
        guard let value = query(name) else { return nil }
        switch value.lowercased() {
        case "true", "1", "yes", "": return true
        case "false", "0", "no": return false
        default: throw APIError.badRequest("query parameter \(name): \"\(value.prefix(40))\" is not true or false")
        }
    }

    /// An integer query parameter within `range`; 400 otherwise.
    func intQuery<T: FixedWidthInteger>(_ name: String, in range: ClosedRange<T>) throws -> T? {
        guard let value = query(name) else { return nil }
        guard let number = T(value), range.contains(number) else {
            throw APIError.badRequest("query parameter \(name): \"\(value.prefix(40))\" is not a whole number in \(range)")
        }
        return number
    }
}
