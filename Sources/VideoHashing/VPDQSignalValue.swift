import BulwarkCore
import Foundation
import PDQ

/// A vPDQ hash as the value of a `vpdq` signal in banks, imports, exports and the API.
///
/// The form is python-threatexchange's vPDQ signal string (what Meta's HMA stores and
/// exchanges): a JSON array with one `"pdqHex,quality,timestamp"` string per frame. Frame
/// numbers are not part of it (matching does not use them); parsing numbers the frames from 0.
/// The reference's per-line feature-file text (``VPDQFeatureFile``) is accepted too.
public enum VPDQSignalValue {
    /// Limits on a value read from outside.
    public struct Limits: Hashable, Sendable {
        /// The longest value accepted, in bytes.
        public var maxBytes: Int
        /// The most frames accepted.
        public var maxFrames: Int

        /// Limits from their parts; the defaults admit about 100,000 frames (28 hours at 1 frame/s).
        public init(maxBytes: Int = 10 << 20, maxFrames: Int = 100_000) {
            self.maxBytes = maxBytes
            self.maxFrames = maxFrames
        }
    }

    /// The signal value of `hash`: `["hex,quality,seconds",...]` with seconds to three decimals.
    public static func encode(_ hash: VPDQHash) -> String {
        "[" + hash.features.map {
            "\"\($0.hash.hex),\($0.quality),\(VPDQFeatureFile.formatTimestamp($0.timestamp))\""
        }.joined(separator: ",") + "]"
    }

    /// Makes imports and the entry API refuse malformed `vpdq` values (see ``SignalValueChecks``).
    /// The doors call it once at start-up.
    public static func registerValueCheck() {
        SignalValueChecks.register(.vpdq) { value throws(BulwarkError) in _ = try decode(value) }
    }

    /// `hash` as a `vpdq` signal.
    public static func signal(_ hash: VPDQHash) -> Signal { Signal(type: .vpdq, value: encode(hash)) }

    /// Parses a signal value (JSON array form, or feature-file lines).
    public static func decode(_ value: String, limits: Limits = Limits()) throws(BulwarkError) -> VPDQHash {
        let bytes = Array(value.utf8)
        guard bytes.count <= limits.maxBytes else {
            throw .limitExceeded(what: "vpdq value", limit: "\(limits.maxBytes) bytes", actual: "\(bytes.count) bytes")
        }
        guard let first = bytes.first(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }) else {
            throw .invalidInput(what: "vpdq value", where: nil, reason: "empty value")
        }
        guard first == UInt8(ascii: "[") else {
            return try VPDQFeatureFile.parse(bytes, limits: .init(maxLines: limits.maxFrames, maxLineBytes: 256))
        }
        let items: [String]
        do {
            items = try JSONDecoder().decode([String].self, from: Data(bytes))
        } catch {
            throw .invalidInput(what: "vpdq value", where: nil,
                                reason: "expected a JSON array of \"hex,quality,timestamp\" strings")
        }
        guard items.count <= limits.maxFrames else {
            throw .limitExceeded(what: "vpdq value", limit: "\(limits.maxFrames) frames", actual: "\(items.count) frames")
        }
        guard !items.isEmpty else { throw .invalidInput(what: "vpdq value", where: nil, reason: "no frames") }
        var features: [VPDQFeature] = []
        features.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            let fields = Array(item.utf8).split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            let location = "frame \(index)"
            guard fields.count == 3 else {
                throw .invalidInput(what: "vpdq value", where: location,
                                    reason: "expected \"hex,quality,timestamp\", got \(fields.count) fields")
            }
            let hash: PDQHash
            do {
                hash = try PDQHash(hex: String(decoding: fields[0], as: UTF8.self))
            } catch {
                throw .invalidInput(what: "vpdq value", where: "\(location) hash", reason: error.description)
            }
            guard let quality = VPDQFeatureFile.decimal(fields[1], max: 100) else {
                throw .invalidInput(what: "vpdq value", where: "\(location) quality", reason: "not an integer from 0 to 100")
            }
            guard let timestamp = timestamp(fields[2]) else {
                throw .invalidInput(what: "vpdq value", where: "\(location) timestamp",
                                    reason: "not a non-negative number of seconds")
            }
            features.append(VPDQFeature(hash: hash, quality: quality, frameNumber: index, timestamp: timestamp))
        }
        return VPDQHash(features: features)
    }

    /// A timestamp as python-threatexchange writes it (`f"{t:.3}"`, so also `1e+02`), or nil.
    private static func timestamp(_ field: ArraySlice<UInt8>) -> Double? {
        if let plain = VPDQFeatureFile.seconds(field) { return plain }
        let text = String(decoding: field, as: UTF8.self)
        guard text.utf8.count <= 32,
              text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x65 || $0 == 0x45 || $0 == 0x2B || $0 == 0x2D }),
              let value = Double(text), value.isFinite, value >= 0 else { return nil }
        return value
    }
}
