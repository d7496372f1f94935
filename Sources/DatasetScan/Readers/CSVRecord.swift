/// Parses one RFC 4180 CSV record (which may span lines inside quotes) into fields.
enum CSVRecord {
    /// Whether `bytes` ends inside a quoted field (the record continues on the next line).
    /// Only a quote at the start of a field opens one; a stray quote elsewhere is left for
    /// ``fields(_:line:maxFields:)`` to reject, so it cannot swallow the following rows.
    static func isOpen(_ bytes: [UInt8]) -> Bool {
        var atFieldStart = true
        var quoted = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        index += 1
                    } else {
                        quoted = false
                    }
                }
            } else if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n") {
                atFieldStart = true
            } else if byte == UInt8(ascii: "\"") && atFieldStart {
                quoted = true
                atFieldStart = false
            } else {
                atFieldStart = false
            }
            index += 1
        }
        return quoted
    }

    /// The fields of a complete record (its line break, if any, ignored). Throws on a quote
    /// inside an unquoted field, text after a closing quote, or more than `maxFields`.
    static func fields(_ bytes: [UInt8], line: Int, maxFields: Int = 4096) throws(DatasetScanError) -> [String] {
        var end = bytes.count
        if end > 0, bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        if end > 0, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        var fields: [String] = []
        var field: [UInt8] = []
        var index = 0
        var quoted = false
        var afterQuote = false
        while index < end {
            let byte = bytes[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < end, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    field.append(byte)
                }
            } else if byte == UInt8(ascii: ",") {
                fields.append(String(decoding: field, as: UTF8.self))
                guard fields.count < maxFields else {
                    throw .badManifestRow(line: line, reason: "more than \(maxFields) fields")
                }
                field.removeAll(keepingCapacity: true)
                afterQuote = false
            } else if afterQuote {
                throw .badManifestRow(line: line, reason: "text after a closing quote in field \(fields.count + 1)")
            } else if byte == UInt8(ascii: "\"") {
                guard field.isEmpty else {
                    throw .badManifestRow(line: line, reason: "quote inside unquoted field \(fields.count + 1)")
                }
                quoted = true
            } else {
                field.append(byte)
            }
            index += 1
        }
        guard !quoted else { throw .badManifestRow(line: line, reason: "quoted field \(fields.count + 1) is not closed") }
        fields.append(String(decoding: field, as: UTF8.self))
        return fields
    }
}
