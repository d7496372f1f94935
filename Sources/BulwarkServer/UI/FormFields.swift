import Foundation

/// The fields of an `application/x-www-form-urlencoded` body, in order, with repeated
/// names kept (checkbox groups). Bounded: at most ``maxFields`` fields.
struct FormFields: Sendable {
    static let maxFields = 200

    let pairs: [(name: String, value: String)]

    /// Parses `body`. Throws ``APIError`` 400 naming the problem for malformed encoding or
    /// too many fields.
    init(_ body: String) throws {
        var pairs: [(String, String)] = []
        for (position, part) in body.split(separator: "&", omittingEmptySubsequences: true).enumerated() {
            guard position < Self.maxFields else {
                throw APIError.badRequest("form: more than \(Self.maxFields) fields")
            }
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(halves[0]), let value = Self.decode(halves.count > 1 ? halves[1] : "") else {
                throw APIError.badRequest("form: field \(position + 1) is not valid percent-encoding")
            }
            pairs.append((name, value))
        }
        self.pairs = pairs
    }

    /// The first value of `name`, if present.
    subscript(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Every value of `name`, in order.
    func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    private static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
