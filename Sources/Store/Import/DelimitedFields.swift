/// Splits one record of delimited text into fields.
enum DelimitedFields {
    /// Splits `bytes` on `delimiter`. With `quoted`, fields may be wrapped in double quotes
    /// (RFC 4180: `""` is a quote inside a quoted field, line breaks allowed inside).
    /// Throws a reason text naming the column when the quoting is malformed.
    static func split(_ bytes: ArraySlice<UInt8>, delimiter: UInt8, quoted: Bool, maxFields: Int = 256) throws(RowProblem) -> [String] {
        var fields: [String] = []
        var index = bytes.startIndex
        let quote = UInt8(ascii: "\"")
        while true {
            guard fields.count < maxFields else { throw RowProblem("more than \(maxFields) fields") }
            if quoted && index < bytes.endIndex && bytes[index] == quote {
                var field: [UInt8] = []
                index += 1
                var closed = false
                while index < bytes.endIndex {
                    let byte = bytes[index]
                    if byte == quote {
                        if index + 1 < bytes.endIndex && bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        closed = true
                        index += 1
                        break
                    }
                    field.append(byte)
                    index += 1
                }
                guard closed else { throw RowProblem("column \(fields.count + 1): quoted field is not closed") }
                guard index == bytes.endIndex || bytes[index] == delimiter else {
                    throw RowProblem("column \(fields.count + 1): unexpected text after a closing quote")
                }
                fields.append(String(decoding: field, as: UTF8.self))
            } else {
                let end = bytes[index...].firstIndex(of: delimiter) ?? bytes.endIndex
                let field = bytes[index..<end]
                if quoted && field.contains(quote) {
                    throw RowProblem("column \(fields.count + 1): a quote inside an unquoted field")
                }
                fields.append(String(decoding: field, as: UTF8.self))
                index = end
            }
            if index == bytes.endIndex { return fields }
            index += 1  // past the delimiter
        }
    }
}

/// Why one row is invalid; becomes an `InvalidRow` with the line number.
struct RowProblem: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
