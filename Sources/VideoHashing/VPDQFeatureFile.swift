import BulwarkCore
import Foundation
import PDQ

/// The vPDQ reference's feature file: one frame per line,
/// `frameNumber,quality,pdqHex,timestamp` with the timestamp to three decimals
/// (what `vpdq-hash-video` writes and `match-hashes-brute` reads).
public enum VPDQFeatureFile {
    /// Limits on a feature file read from outside.
    public struct Limits: Hashable, Sendable {
        /// The most lines (frames) accepted.
        public var maxLines: Int
        /// The longest line accepted, in bytes.
        public var maxLineBytes: Int

        /// Limits from their parts.
        public init(maxLines: Int = 1_000_000, maxLineBytes: Int = 256) {
            self.maxLines = maxLines
            self.maxLineBytes = maxLineBytes
        }
    }

    /// The file text for `hash`, each line ending in a newline.
    public static func format(_ hash: VPDQHash) -> String {
        var text = ""
        text.reserveCapacity(hash.features.count * 90)
        for feature in hash.features {
            text += "\(feature.frameNumber),\(feature.quality),\(feature.hash.hex),\(formatTimestamp(feature.timestamp))\n"
        }
        return text
    }

    /// A timestamp as the reference prints it: fixed point, three decimals.
    public static func formatTimestamp(_ seconds: Double) -> String {
        String(format: "%.3f", seconds)
    }

    /// Parses a feature file. Blank lines (and a final newline, or CRLF endings) are accepted;
    /// anything else malformed throws with its line number and field.
    public static func parse(_ bytes: some Collection<UInt8>, limits: Limits = Limits()) throws(BulwarkError) -> VPDQHash {
        var features: [VPDQFeature] = []
        var lineNumber = 0
        var line: [UInt8] = []
        line.reserveCapacity(128)
        func finishLine() throws(BulwarkError) {
            lineNumber += 1
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            defer { line.removeAll(keepingCapacity: true) }
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { return }
            guard features.count < limits.maxLines else {
                throw .limitExceeded(what: "vPDQ feature file", limit: "\(limits.maxLines) frames", actual: "more")
            }
            features.append(try parseLine(line, lineNumber: lineNumber))
        }
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                try finishLine()
            } else {
                guard line.count < limits.maxLineBytes else {
                    throw .limitExceeded(what: "vPDQ feature file line \(lineNumber + 1)",
                                         limit: "\(limits.maxLineBytes) bytes", actual: "longer")
                }
                line.append(byte)
            }
        }
        if !line.isEmpty { try finishLine() }
        guard !features.isEmpty else {
            throw .invalidInput(what: "vPDQ feature file", where: nil, reason: "no frames")
        }
        return VPDQHash(features: features)
    }

    /// One `frameNumber,quality,pdqHex,timestamp` line.
    static func parseLine(_ line: [UInt8], lineNumber: Int) throws(BulwarkError) -> VPDQFeature {
        let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        let location = "line \(lineNumber)"
        guard fields.count == 4 else {
            throw .invalidInput(what: "vPDQ feature file", where: location,
                                reason: "expected 4 comma-separated fields (frame,quality,hash,timestamp), got \(fields.count)")
        }
        guard let frameNumber = decimal(fields[0], max: Int(Int32.max)) else {
            throw .invalidInput(what: "vPDQ feature file", where: "\(location), field 1 (frame number)",
                                reason: "not a non-negative integer")
        }
        guard let quality = decimal(fields[1], max: 100) else {
            throw .invalidInput(what: "vPDQ feature file", where: "\(location), field 2 (quality)",
                                reason: "not an integer from 0 to 100")
        }
        let hash: PDQHash
        do {
            hash = try PDQHash(hex: String(decoding: fields[2], as: UTF8.self))
        } catch {
            throw .invalidInput(what: "vPDQ feature file", where: "\(location), field 3 (PDQ hash)", reason: error.description)
        }
        guard let timestamp = seconds(fields[3]) else {
            throw .invalidInput(what: "vPDQ feature file", where: "\(location), field 4 (timestamp)",
                                reason: "not a non-negative decimal number of seconds")
        }
        return VPDQFeature(hash: hash, quality: quality, frameNumber: frameNumber, timestamp: timestamp)
    }

    /// A plain decimal integer in 0...max (surrounding spaces allowed), or nil.
    static func decimal(_ field: ArraySlice<UInt8>, max: Int) -> Int? {
        let digits = trimmed(field)
        guard !digits.isEmpty, digits.count <= 10 else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value <= max ? value : nil
    }

    /// A non-negative decimal like `12.345` (digits with at most one point), or nil.
    static func seconds(_ field: ArraySlice<UInt8>) -> Double? {
        let text = trimmed(field)
        guard !text.isEmpty, text.count <= 32 else { return nil }
        var points = 0, digits = 0
        for byte in text {
            if byte == UInt8(ascii: ".") { points += 1 } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { digits += 1 } else { return nil }
        }
        guard points <= 1, digits > 0, let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    private static func trimmed(_ field: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = field
        while let first = slice.first, first == UInt8(ascii: " ") { slice.removeFirst() }
        while let last = slice.last, last == UInt8(ascii: " ") { slice.removeLast() }
        return slice
    }
}
