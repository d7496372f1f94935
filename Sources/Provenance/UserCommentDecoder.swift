import Foundation

/// Decodes the EXIF UserComment field: an 8-byte character code (`ASCII`, `UNICODE`, `JIS`
/// or eight NULs for undefined) followed by the text.
enum UserCommentDecoder {
    static func decode(_ raw: [UInt8], tiffLittleEndian: Bool) -> String? {
        guard raw.count >= 8 else {
            let text = trimmed(raw.utf8String())
            return text.isEmpty ? nil : text
        }
        let code = raw[0..<8]
        let body = Array(raw[8...])
        let text: String
        if code.elementsEqual("ASCII\0\0\0".utf8) {
            text = body.utf8String()
        } else if code.elementsEqual("UNICODE\0".utf8) {
            text = utf16(body, littleEndian: guessLittleEndian(body, fallback: tiffLittleEndian))
        } else if code.elementsEqual("JIS\0\0\0\0\0".utf8) {
            let data = Data(body)
            text = String(data: data, encoding: .iso2022JP) ?? String(data: data, encoding: .shiftJIS) ?? body.latin1String()
        } else {
            // Undefined: UTF-8 when valid, else Latin-1.
            text = String(validating: body, as: UTF8.self) ?? body.latin1String()
        }
        let result = trimmed(text)
        return result.isEmpty ? nil : result
    }

    /// UCS-2/UTF-16 text; a byte order mark overrides `littleEndian`.
    static func utf16(_ bytes: [UInt8], littleEndian: Bool) -> String {
        var little = littleEndian
        var start = 0
        if bytes.matches([0xFF, 0xFE], at: 0) { little = true; start = 2 }
        if bytes.matches([0xFE, 0xFF], at: 0) { little = false; start = 2 }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = start
        while index + 1 < bytes.count {
            units.append(little ? UInt16(bytes[index + 1]) << 8 | UInt16(bytes[index]) : UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
            index += 2
        }
        return trimmed(String(decoding: units, as: UTF16.self))
    }

    /// Writers disagree on UNICODE byte order (the standard says the TIFF order; many write
    /// big-endian regardless). Mostly-Latin text has its zero bytes on one side, which tells.
    static func guessLittleEndian(_ bytes: [UInt8], fallback: Bool) -> Bool {
        if bytes.matches([0xFF, 0xFE], at: 0) { return true }
        if bytes.matches([0xFE, 0xFF], at: 0) { return false }
        var evenZeros = 0, oddZeros = 0
        var index = 0
        let stop = Swift.min(bytes.count, 4096)
        while index + 1 < stop {
            if bytes[index] == 0 { evenZeros += 1 }
            if bytes[index + 1] == 0 { oddZeros += 1 }
            index += 2
        }
        if evenZeros > oddZeros * 2 { return false }
        if oddZeros > evenZeros * 2 { return true }
        return fallback
    }

    /// The text without surrounding NULs and white space.
    static func trimmed(_ text: String) -> String {
        func isSpace(_ byte: UInt8?) -> Bool { byte == 0 || byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        if !isSpace(text.utf8.first) && !isSpace(text.utf8.last) && (text.utf8.first ?? 0) < 0x80 && (text.utf8.last ?? 0) < 0x80 {
            return text  // nothing to trim (fast path for the common case)
        }
        var scalars = Substring(text).unicodeScalars[...]
        while let last = scalars.last, last == "\0" || last.properties.isWhitespace { scalars.removeLast() }
        while let first = scalars.first, first == "\0" || first.properties.isWhitespace { scalars.removeFirst() }
        return String(String.UnicodeScalarView(scalars))
    }
}
